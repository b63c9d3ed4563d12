"""Signs that a link is suspicious even though nobody has listed or reported it yet."""

import ipaddress
import re
from collections.abc import Iterable

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

IP_LITERAL = "ip_literal_link"
SHORTENER = "url_shortener"
PUNYCODE = "punycode_host"
LOOKALIKE = "lookalike_of:"


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


def lookalikes(host: str, official_domains: Iterable[str]) -> list[str]:
    """The official domains whose brand this host imitates; none when it belongs to one."""
    registered = registrable_domain(host)
    if registered is None:
        return []
    name = registered.split(".")[0]
    words = set(re.split(r"[.-]", host))
    found = set()
    for official in official_domains:
        official_registered = registrable_domain(official)
        if official_registered is None or official_registered == registered:
            continue
        brand = official_registered.split(".")[0]
        if (
            brand in words
            or (len(brand) >= _MIN_SUBSTRING_BRAND and brand in host)
            or 0 < edit_distance(name, brand) <= (2 if len(brand) >= _LONG_BRAND else 1)
        ):
            found.add(official)
    return sorted(found)


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
