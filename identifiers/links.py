"""Links in free text, as people and scammers write them: with a scheme or "www.", with a
path, defanged ("evil[.]com"), or a domain alone, in capitals ("Maybank2u.Com") or with
letters of another script ("maybank2u.com.my" with a Cyrillic "a" in it).

Every pattern starts only where its run of characters starts, so any text is read in time
linear in its length.
"""

import re

from identifiers.urls import canonical_url, registrable_domain

_DOTS = (r"\.", r"\[\.\]", r"\(\.\)", r"\[dot\]")
_DOT = f"(?:{'|'.join(_DOTS)})"
# A host label: letters of any script, digits, inner hyphens.
_LABEL = r"[^\W_][\w-]*+"
# A host starts where a run of host characters starts, not after "label.".
_HOST_START = r"(?<![\w-])" + "".join(rf"(?<![\w-]{dot})" for dot in _DOTS)
_TOKEN_END = r"[^\s<>\"']"
SCHEME_LINK = re.compile(
    rf"\b(?:(?:https?|hxxps?)(?:://|\[:\]//)|www{_DOT}){_TOKEN_END}+", re.IGNORECASE
)
# A domain with a path, or defanged (which only links get), counts without a scheme.
PATH_LINK = re.compile(
    rf"{_HOST_START}{_LABEL}(?:{_DOT}{_LABEL})*\.[a-z]{{2,}}/{_TOKEN_END}*+"
    rf"|{_HOST_START}{_LABEL}(?:{_DOT}{_LABEL})*(?:\[\.\]|\(\.\)|\[dot\])[a-z]{{2,}}\b"
    rf"(?:/{_TOKEN_END}*+)?",
    re.IGNORECASE,
)
# A domain written alone ("sahkan di maybank2u-secure.com"); `is_link_domain` decides.
BARE_DOMAIN = re.compile(
    r"(?<![\w@.-])[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*"
    r"\.[a-z]{2,24}(?![\w-]|\.\w)",
    re.IGNORECASE,
)
# Endings that are only ever links. Others are words too ("Hi.My", "Tq.So"), so a domain
# ending in one counts only when written in lower case, as people type links.
_LINK_ENDINGS = frozenset(
    {
        "com", "net", "org", "info", "biz", "xyz", "top", "site", "online", "shop", "store",
        "club", "vip", "live", "link", "click", "icu", "cyou", "sbs", "cfd", "buzz", "asia",
        "cc", "io", "app", "tk", "ml", "ga", "cf", "gq", "pw", "ru", "cn", "work", "life",
        "today", "support", "services", "website", "space", "fun", "win", "bond", "lol",
    }
)  # fmt: skip
# Endings that are also file extensions people name: "invoice.zip" is more likely a file.
_FILE_ENDINGS = frozenset({"zip", "mov"})
_TRAILING_PUNCTUATION = ".,;:!?'\""
_CLOSING = {")": "(", "]": "[", "}": "{"}


def link_in(written: str) -> str | None:
    """The canonical link a pattern's match names, without the sentence's punctuation."""
    return canonical_url(_without_trailing_punctuation(written))


def is_link_domain(domain: str) -> bool:
    """Whether a domain written alone is a link: its ending is a real public suffix, and
    capitals are only allowed where that ending is no word ("Example88.Com", not "Hi.My")."""
    registered = registrable_domain(domain)
    if registered is None:
        return False
    suffix = registered.split(".", 1)[1]
    ending = suffix.rsplit(".", 1)[-1]
    if ending in _FILE_ENDINGS:
        return False
    return domain == domain.lower() or "." in suffix or ending in _LINK_ENDINGS


def _without_trailing_punctuation(url: str) -> str:
    """The link without the sentence's punctuation, keeping brackets that it opened itself."""
    while url:
        last = url[-1]
        if last in _TRAILING_PUNCTUATION or (
            last in _CLOSING and url.count(last) > url.count(_CLOSING[last])
        ):
            url = url[:-1]
        else:
            break
    return url
