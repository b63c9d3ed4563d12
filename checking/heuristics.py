"""Signs that a link is suspicious even though nobody has listed or reported it yet."""

import functools
import ipaddress
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

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
    """The host of a canonical link, without its port."""
    return url.split("/")[2].rsplit(":", 1)[0]


def is_ip_literal(host: str) -> bool:
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
    bare = (c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    folded = "".join(CHARACTERS.get(c, c) for c in bare)
    for pair, letter in SEQUENCES:
        folded = folded.replace(pair, letter)
    return folded


def has_mixed_scripts(host: str) -> bool:
    """Whether one label mixes Latin-looking scripts, as a Cyrillic "a" among Latin letters."""
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
    brands = [brand for brand in map(_brand, official_domains) if brand is not None]
    if any(brand.registered == registered for brand in brands):
        return []
    seen = ".".join(_looks_like(label) for label in host.split("."))
    name = _looks_like(registered.split(".")[0])
    words = set(re.split(r"[.-]", seen))
    imitated = {brand.domain for brand in brands if _imitates(brand.skeleton, name, words, seen)}
    return sorted(imitated)


@functools.lru_cache(maxsize=1024)
def _brand(official: str) -> _Brand | None:
    # Cached because every link of every check compares against the same few dozen domains.
    registered = registrable_domain(official)
    if registered is None:
        return None
    return _Brand(official, registered, _looks_like(registered.split(".")[0]))


def _looks_like(label: str) -> str:
    return skeleton(unicode_label(label))


def _imitates(brand: str, name: str, words: set[str], host: str) -> bool:
    """Whether a host that looks like `host` copies `brand`; all four are skeletons."""
    return (
        brand in words
        or (len(brand) >= _MIN_SUBSTRING_BRAND and brand in host)
        or edit_distance(name, brand) <= (2 if len(brand) >= _LONG_BRAND else 1)
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


def edit_distance(first: str, second: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions each cost one."""
    previous = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        current = [i]
        for j, b in enumerate(second, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1]
