"""Signs that a link is suspicious even though nobody has listed or reported it yet."""

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from checking.confusables import CHARACTERS, SEQUENCES
from identifiers.urls import registrable_domain

# Shorteners hide where a link goes; scam SMS use them to slip past filters.
SHORTENERS = frozenset(
    {"bit.ly", "tinyurl.com", "t.co", "s.id", "cutt.ly", "shorturl.at", "is.gd", "rb.gy"}
)
# A brand this short ("uob", "bsn") occurs by chance inside unrelated names, so it must
# stand as a whole word of the host to count; longer ones count anywhere in it.
_MIN_SUBSTRING_BRAND = 5
# One edit turns "uob" into many real names; two edits are only telling on longer brands.
_LONG_BRAND = 6
# Scripts whose letters copy Latin ones, so a label mixing two of them is built to deceive.
# Others (Thai, Han, Arabic) look nothing like Latin and mix with it honestly.
_READS_AS = str.maketrans(CHARACTERS)
_LATIN_LOOKING_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE"})

IP_LITERAL = "ip_literal_link"
SHORTENER = "url_shortener"
PUNYCODE = "punycode_host"
MIXED_SCRIPTS = "mixed_scripts"
LOOKALIKE = "lookalike_of:"


@dataclass(frozen=True)
class _Brand:
    """An official domain and how its name looks, which is what a lookalike copies."""

    domain: str
    registered: str
    skeleton: str


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
    return host in SHORTENERS or registrable_domain(host) in SHORTENERS


def is_punycode(host: str) -> bool:
    return any(label.startswith("xn--") for label in host.split("."))


def unicode_label(label: str) -> str:
    """A host label as people read it: "xn--" decoded, or left alone when it does not decode."""
    if not label.startswith("xn--"):
        return label
    try:
        return label[4:].encode("ascii").decode("punycode")
    except UnicodeError:
        return label


def skeleton(text: str) -> str:
    """What the text looks like in plain ASCII, so lookalikes of one name come out equal."""
    # Accents barely show in an address bar, so "máybank" reads as "maybank".
    if not text.isascii():
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    folded = text.translate(_READS_AS)
    for pair, letter in SEQUENCES:
        folded = folded.replace(pair, letter)
    return folded


def has_mixed_scripts(host: str) -> bool:
    """Whether one label mixes Latin-looking scripts, as a Cyrillic "a" among Latin letters."""
    if not is_punycode(host):  # a plain ASCII host is Latin alone
        return False
    return any(len(_latin_looking_scripts(unicode_label(label))) > 1 for label in host.split("."))


def _latin_looking_scripts(label: str) -> set[str]:
    # Unicode names start with the script: "CYRILLIC SMALL LETTER A", "LATIN SMALL LETTER A".
    scripts = {unicodedata.name(c, "").split(" ", 1)[0] for c in label if c.isalpha()}
    return scripts & _LATIN_LOOKING_SCRIPTS


def lookalikes(host: str, official_domains: Iterable[str]) -> list[str]:
    """The official domains whose brand this host imitates; none when it belongs to one."""
    registered = registrable_domain(host)
    if registered is None:
        return []
    brands = _brands(frozenset(official_domains))
    if any(brand.registered == registered for brand in brands):
        return []
    seen = ".".join(_looks_like(label) for label in host.split("."))
    name = _looks_like(registered.split(".")[0])
    words = set(re.split(r"[.-]", seen))
    imitated = {brand.domain for brand in brands if _imitates(brand.skeleton, name, words, seen)}
    return sorted(imitated)


@functools.lru_cache(maxsize=8)
def _brands(official_domains: frozenset[str]) -> tuple[_Brand, ...]:
    # Cached because every link of every check compares against the same official domains.
    brands = []
    for official in sorted(official_domains):
        registered = registrable_domain(official)
        if registered is not None:
            brands.append(_Brand(official, registered, _looks_like(registered.split(".")[0])))
    return tuple(brands)


def _looks_like(label: str) -> str:
    return skeleton(unicode_label(label))


def _imitates(brand: str, name: str, words: set[str], host: str) -> bool:
    """Whether a host that looks like `host` copies `brand`; all four are skeletons."""
    edits = 2 if len(brand) >= _LONG_BRAND else 1
    return (
        brand in words
        or (len(brand) >= _MIN_SUBSTRING_BRAND and brand in host)
        or Levenshtein.distance(name, brand, score_cutoff=edits) <= edits
    )


def url_signals(url: str, official_domains: Iterable[str]) -> list[str]:
    """Reason codes for everything suspicious about one canonical link."""
    host = url_host(url)
    if is_ip_literal(host):
        return [IP_LITERAL]
    reasons = []
    if is_shortener(host):
        reasons.append(SHORTENER)
    if is_punycode(host):
        reasons.append(PUNYCODE)
    if has_mixed_scripts(host):
        reasons.append(MIXED_SCRIPTS)
    reasons.extend(LOOKALIKE + domain for domain in lookalikes(host, official_domains))
    return reasons
