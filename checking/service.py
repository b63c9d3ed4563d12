"""Checking every identifier in a piece of text against what Waspada knows."""

import asyncio
from collections.abc import Iterable
from dataclasses import replace

from checking.expander import LinkExpander
from checking.officials import NO_OFFICIALS, Officials
from checking.reasons import Reason, ReasonCode
from checking.verdicts import Finding, judge, leads_elsewhere, with_target
from identifiers.extract import MessageEntity, extract_from_message
from identifiers.model import Identifier, IdentifierKind, PhoneOrigin
from identifiers.phones import region_of
from identifiers.urls import canonical_url
from storage.lookup import Lookup, Reader

_UNCERTAIN_ORIGINS = {
    PhoneOrigin.UNVERIFIED_RANGE: ReasonCode.NUMBER_RANGE_UNVERIFIED,
    PhoneOrigin.MESSAGE_LANGUAGE: ReasonCode.NUMBER_COUNTRY_FROM_LANGUAGE,
    PhoneOrigin.GUESSED: ReasonCode.NUMBER_COUNTRY_GUESSED,
}


class CheckService:
    def __init__(self, lookup: Lookup, country: str, expander: LinkExpander | None = None) -> None:
        self._lookup = lookup
        # What the allowlist says of links, and the allowlist revision it was read at: read
        # again whenever any process changed the allowlist.
        self._officials: tuple[int, Officials] | None = None
        # Phone numbers written without a country code are read as this country's.
        self.country = country
        # None when the deployment turned link expansion off.
        self._expander = expander

    async def check_text(self, text: str, entities: Iterable[MessageEntity] = ()) -> list[Finding]:
        return await self.check_identifiers(extract_from_message(text, entities, self.country))

    async def check_identifiers(self, identifiers: list[Identifier]) -> list[Finding]:
        if not identifiers:
            return []
        async with self._lookup.reading() as reader:
            # Only links are compared with official domains; a number's check skips the read.
            has_links = any(identifier.kind == IdentifierKind.URL for identifier in identifiers)
            officials = await self._current_officials(reader) if has_links else NO_OFFICIALS
            findings = [
                _described(
                    await judge(reader, identifier.kind, identifier.value, officials),
                    identifier,
                    self.country,
                )
                for identifier in identifiers
            ]
        if self._expander is None or not has_links:
            return findings
        targets = await asyncio.gather(*(self._target_of(finding) for finding in findings))
        if not any(targets):
            return findings
        async with self._lookup.reading() as reader:
            return [
                await _with_target(reader, finding, target, officials) if target else finding
                for finding, target in zip(findings, targets, strict=True)
            ]

    async def _current_officials(self, reader: Reader) -> Officials:
        revision = await reader.allowlist_revision()
        if self._officials is None or self._officials[0] != revision:
            self._officials = (revision, Officials(await reader.allowlist()))
        return self._officials[1]

    async def _target_of(self, finding: Finding) -> str | None:
        """Where a shortened link leads, when the way there is safe."""
        if self._expander is None or not leads_elsewhere(finding):
            return None
        expansion = await self._expander.expand(finding.value)
        target = canonical_url(expansion.final_url) if expansion.final_url else None
        return target if target != finding.value else None


def _described(finding: Finding, identifier: Identifier, home: str) -> Finding:
    """The finding with who holds the identifier, and how a phone number's country was known
    when that was not certain (never hidden, and never a verdict of its own)."""
    reasons = finding.reasons
    origin = identifier.origin
    if origin in _UNCERTAIN_ORIGINS:
        country = region_of(identifier.value) or home
        reasons = (*reasons, Reason(_UNCERTAIN_ORIGINS[origin], country))
    return replace(finding, reasons=reasons, provider=identifier.provider)


async def _with_target(
    reader: Reader, short: Finding, target: str, officials: Officials
) -> Finding:
    return with_target(short, target, await judge(reader, IdentifierKind.URL, target, officials))
