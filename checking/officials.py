"""What the deployment's allowlist says about links, held in memory per allowlist revision.

- `domain`: official; the domain and every host under it ("www.maybank2u.com.my").
- `platform`: a service where anyone can publish ("sites.google.com", "weebly.com", "t.me"):
  a page there is no more official than its author, so it gets no "official" verdict, even
  under an official domain; the host most specific on the list decides.
- `international`: a name that is official under every country's suffix ("google" for
  google.co.uk, google.de), for global brands that hold them all.
- `brand`: another name of a brand ("m2u" for Maybank), so that lookalikes of it are found.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from blocklists.normalise import BRAND, DOMAIN, INTERNATIONAL, PLATFORM
from checking.brands import Brand, BrandIndex
from identifiers.urls import registered_domain_of_host


class Standing(StrEnum):
    OFFICIAL = "official"
    USER_CONTENT = "user_content"


@dataclass(frozen=True)
class HostStanding:
    standing: Standing
    # The allowlist's name for the official or platform entry ("Maybank", "Google Sites").
    name: str


class Officials:
    def __init__(self, rows: Iterable[tuple[str, str, str]]) -> None:
        """From the allowlist's (kind, value, name) rows."""
        self._entries: dict[str, HostStanding] = {}
        self._international: dict[str, str] = {}
        domains_of: defaultdict[str, list[str]] = defaultdict(list)
        aliases: list[tuple[str, str]] = []
        for kind, value, name in rows:
            if kind == DOMAIN:
                self._entries.setdefault(value, HostStanding(Standing.OFFICIAL, name))
                domains_of[name].append(value)
            elif kind == PLATFORM:
                self._entries[value] = HostStanding(Standing.USER_CONTENT, name)
            elif kind == INTERNATIONAL:
                self._international[value] = name
            elif kind == BRAND:
                aliases.append((value, name))
        # Only a host's last labels can match an entry: no longer look-ups for longer hosts.
        self._most_labels = max((value.count(".") + 1 for value in self._entries), default=2)
        brands = [
            Brand(
                name, frozenset(filter(None, map(registered_domain_of_host, domains))), domains[0]
            )
            for name, domains in domains_of.items()
        ]
        self.brands = BrandIndex(brands, aliases)

    def standing(self, host: str) -> HostStanding | None:
        """Official or user content, by the most specific entry the host is at or under."""
        labels = host.rsplit(".", self._most_labels)
        for start in range(max(len(labels) - self._most_labels, 0), len(labels) - 1):
            entry = self._entries.get(".".join(labels[start:]))
            if entry is not None:
                return entry
        return self._international_standing(host)

    def is_official(self, host: str) -> bool:
        standing = self.standing(host)
        return standing is not None and standing.standing == Standing.OFFICIAL

    def _international_standing(self, host: str) -> HostStanding | None:
        registered = registered_domain_of_host(host)
        if registered is None:
            return None
        name, _, suffix = registered.partition(".")
        # Only under a country's suffix ("co.uk", "de"): "google.xyz" is anybody's.
        owner = self._international.get(name)
        if owner is None or len(suffix.rsplit(".", 1)[-1]) != 2:
            return None
        return HostStanding(Standing.OFFICIAL, owner)


NO_OFFICIALS = Officials(())
