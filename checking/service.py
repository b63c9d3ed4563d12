"""Checking every identifier in a piece of text against what Waspada knows."""

from checking.verdicts import DOMAIN, Finding, judge
from identifiers.extract import extract_identifiers
from storage.uow import UnitOfWorkFactory


class CheckService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, country: str) -> None:
        self._unit_of_work = unit_of_work
        # Phone numbers written without a country code are read as this country's.
        self._country = country

    async def check_text(self, text: str) -> list[Finding]:
        identifiers = extract_identifiers(text, self._country)
        if not identifiers:
            return []
        async with self._unit_of_work() as uow:
            official_domains = frozenset(await uow.allowlist.values(DOMAIN))
            return [
                await judge(uow, identifier.kind, identifier.value, official_domains)
                for identifier in identifiers
            ]
