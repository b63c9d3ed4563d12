"""Checking every identifier in a piece of text against what Waspada knows."""

import asyncio
from collections.abc import Collection, Iterable

from blocklists.normalise import DOMAIN
from checking.expander import LinkExpander
from checking.heuristics import SHORTENER
from checking.verdicts import Finding, Verdict, judge
from identifiers.extract import MessageEntity, extract_from_message
from identifiers.model import Identifier, IdentifierKind
from identifiers.urls import canonical_url
from storage.uow import UnitOfWork, UnitOfWorkFactory

EXPANDS_TO = "expands_to:"
# How much a verdict warns; a short link is as bad as the worst of itself and its target.
_SEVERITY = [
    Verdict.OFFICIAL,
    Verdict.NO_RECORD,
    Verdict.SUSPICIOUS,
    Verdict.REPORTED,
    Verdict.CONFIRMED_SCAM,
]


class CheckService:
    def __init__(
        self, unit_of_work: UnitOfWorkFactory, country: str, expander: LinkExpander | None = None
    ) -> None:
        self._unit_of_work = unit_of_work
        # Phone numbers written without a country code are read as this country's.
        self.country = country
        # None when the deployment turned link expansion off.
        self._expander = expander

    async def check_text(self, text: str, entities: Iterable[MessageEntity] = ()) -> list[Finding]:
        return await self.check_identifiers(extract_from_message(text, entities, self.country))

    async def check_identifiers(self, identifiers: list[Identifier]) -> list[Finding]:
        if not identifiers:
            return []
        async with self._unit_of_work() as uow:
            official_domains = frozenset(await uow.allowlist.values(DOMAIN))
            findings = [
                await judge(uow, identifier.kind, identifier.value, official_domains)
                for identifier in identifiers
            ]
        targets = await asyncio.gather(*(self._target_of(finding) for finding in findings))
        if not any(targets):
            return findings
        async with self._unit_of_work() as uow:
            return [
                await _with_target(uow, finding, target, official_domains) if target else finding
                for finding, target in zip(findings, targets, strict=True)
            ]

    async def _target_of(self, finding: Finding) -> str | None:
        """Where a shortened link leads, when expansion is on and the way there is safe."""
        if self._expander is None or SHORTENER not in finding.reasons:
            return None
        expansion = await self._expander.expand(finding.value)
        target = canonical_url(expansion.final_url) if expansion.final_url else None
        return target if target != finding.value else None


async def _with_target(
    uow: UnitOfWork, short: Finding, target: str, official_domains: Collection[str]
) -> Finding:
    """The short link judged together with where it leads."""
    led_to = await judge(uow, IdentifierKind.URL, target, official_domains)
    verdict = max(short.verdict, led_to.verdict, key=_SEVERITY.index)
    reasons = dict.fromkeys((*short.reasons, EXPANDS_TO + target, *led_to.reasons))
    return Finding(short.kind, short.value, verdict, tuple(reasons))
