"""The one place where feed values become the normalised form the indicator store keeps."""

import re

from identifiers.model import IdentifierKind
from identifiers.normalise import normalise as normalise_identifier
from identifiers.urls import canonical_url

# Plain domain lists name hosts, not links; the store keeps them as a kind of its own.
DOMAIN = "domain"
KINDS = frozenset({*IdentifierKind, DOMAIN})
# Kinds only the allowlist holds (checking/officials.py says what each means): hosts where
# anyone can publish, names official under every country suffix, and brands' other names.
PLATFORM = "platform"
INTERNATIONAL = "international"
BRAND = "brand"
ALLOWLIST_KINDS = frozenset({*KINDS, PLATFORM, INTERNATIONAL, BRAND})
_NAME = re.compile(r"[a-z0-9]{2,63}")

_DOMAIN_NAME = re.compile(r"(?:[a-z0-9_](?:[a-z0-9_-]*[a-z0-9])?\.)+[a-z][a-z0-9-]*[a-z0-9]")


def normalise(kind: str, raw: str, default_region: str) -> str | None:
    """The stored form of a value of this kind, or None when it is not one."""
    if kind in (DOMAIN, PLATFORM):
        return _host(raw)
    if kind in (INTERNATIONAL, BRAND):
        name = raw.strip().lower()
        return name if _NAME.fullmatch(name) else None
    return normalise_identifier(IdentifierKind(kind), raw, default_region)


def _host(raw: str) -> str | None:
    """The host, IDNA-encoded and lower-cased as links are; None for anything but a bare name."""
    canonical = canonical_url(raw.strip().rstrip("."))
    if canonical is None or not canonical.endswith("/") or canonical.count("/") != 3:
        return None
    host = canonical.removeprefix("http://").removesuffix("/")
    return host if _DOMAIN_NAME.fullmatch(host) else None
