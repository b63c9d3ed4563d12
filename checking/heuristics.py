"""Signs that a link is suspicious even though nobody has listed or reported it yet."""

import ipaddress
import re
import unicodedata

from checking.confusables import unicode_label
from checking.officials import Officials
from checking.reasons import Reason, ReasonCode
from identifiers.urls import registered_domain_of_host

# Shorteners hide where a link goes; scam SMS use them to slip past filters.
SHORTENERS = frozenset(
    {"bit.ly", "tinyurl.com", "t.co", "s.id", "cutt.ly", "shorturl.at", "is.gd", "rb.gy"}
)
# Scripts whose letters copy Latin ones, so a label mixing two of them is built to deceive.
# Others (Thai, Han, Arabic) look nothing like Latin and mix with it honestly.
_LATIN_LOOKING_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})

# "gov.ph", "go.id", "gov.my"…: the suffixes only a country's government registers under.
_GOVERNMENT_SUFFIX = re.compile(r"(?<![a-z0-9-])((?:gov|go)\.(?:my|sg|id|th|vn|ph|kh|mm|la|bn))\b")
# Words of the path that, beside a brand's name, make a login page of someone else's.
_LOGIN_WORDS = frozenset(
    {
        "login", "logon", "signin", "log", "sign", "verify", "verification", "verifikasi",
        "secure", "security", "account", "akaun", "akun", "update", "confirm", "validate",
        "validation", "auth", "authenticate", "otp", "tac", "banking", "ebanking", "ibanking",
        "masuk", "sahkan", "pengesahan", "xacthuc", "xacminh", "dangnhap", "password", "unlock",
        "reactivate", "kyc", "claim", "refund", "reward", "wallet", "session", "token",
    }
)  # fmt: skip
_PATH_WORD = re.compile(r"[a-z0-9]+")


def url_host(url: str) -> str:
    """The host of a canonical link (which has no port); an IPv6 address without brackets."""
    return url.split("/")[2].strip("[]")


def is_ip_literal(host: str) -> bool:
    # A name ends in a letter (its top-level domain); only addresses need parsing.
    if host[-1:].isalpha():
        return False
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def is_shortener(host: str) -> bool:
    return host in SHORTENERS or registered_domain_of_host(host) in SHORTENERS


def is_punycode(host: str) -> bool:
    return any(label.startswith("xn--") for label in host.split("."))


def has_mixed_scripts(host: str) -> bool:
    """Whether one label mixes Latin-looking scripts, as a Cyrillic "a" among Latin letters."""
    if not is_punycode(host):  # a plain ASCII host is Latin alone
        return False
    return any(len(_latin_looking_scripts(unicode_label(label))) > 1 for label in host.split("."))


def _latin_looking_scripts(label: str) -> set[str]:
    # Unicode names start with the script: "CYRILLIC SMALL LETTER A", "LATIN SMALL LETTER A".
    scripts = {unicodedata.name(c, "").split(" ", 1)[0] for c in label if c.isalpha()}
    return scripts & _LATIN_LOOKING_SCRIPTS


def lookalikes(host: str, officials: Officials) -> list[str]:
    """The official domains (one a brand) whose brand this host imitates; none for a host
    the allowlist knows (official, or a platform where anyone can publish)."""
    if officials.standing(host) is not None:
        return []
    return [brand.shown for brand in officials.brands.imitated(host)]


def brands_in_path(url: str, officials: Officials) -> list[str]:
    """Brands named in the path of a link beside words of logging in or verifying, as a
    phishing kit dropped on a hacked or free site is ("…/m2u/mbb/Login.html")."""
    path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
    words = _PATH_WORD.findall(path.lower())
    if not any(word in _LOGIN_WORDS for word in words):
        return []
    host = url_host(url)
    return [
        brand.shown
        for brand in officials.brands.named_in(words)
        if registered_domain_of_host(host) not in brand.domains
    ]


def url_signals(url: str, officials: Officials) -> list[Reason]:
    """Everything suspicious about one canonical link."""
    host = url_host(url)
    if is_ip_literal(host):
        return [Reason(ReasonCode.IP_LITERAL)]
    reasons = []
    # A shortener's own home page hides nothing; a short code after it does.
    if is_shortener(host) and url.split("/", 3)[3:] not in ([], [""]):
        reasons.append(Reason(ReasonCode.SHORTENER))
    if is_punycode(host):
        reasons.append(Reason(ReasonCode.PUNYCODE))
    if has_mixed_scripts(host):
        reasons.append(Reason(ReasonCode.MIXED_SCRIPTS))
    imitated = lookalikes(host, officials)
    reasons.extend(Reason(ReasonCode.LOOKALIKE, domain) for domain in imitated)
    reasons.extend(
        Reason(ReasonCode.BRAND_IN_PATH, domain)
        for domain in brands_in_path(url, officials)
        if domain not in imitated
    )
    reasons.extend(
        Reason(ReasonCode.GOVERNMENT_NAME_OUTSIDE, name) for name in government_names_outside(url)
    )
    return reasons


def government_names_outside(url: str) -> list[str]:
    """A government suffix written into a link that is no government's ("gov.ph" in the path
    or the subdomains of "ncap.example.cfd"): only the state can register under it, so the
    link borrows its name."""
    host = url_host(url)
    registered = registered_domain_of_host(host)
    if registered is None or _GOVERNMENT_SUFFIX.search("." + registered.split(".", 1)[1]):
        return []
    written = url[len(url.split("/", 3)[0]) + 2 :].removeprefix(host).lower()
    written = host.removesuffix(registered) + " " + written
    return sorted({match.group(1) for match in _GOVERNMENT_SUFFIX.finditer(written)})
