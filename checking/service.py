"""Checking every identifier in a piece of text against what Waspada knows."""

from collections.abc import Iterable

from blocklists.normalise import DOMAIN
from checking.verdicts import Finding, judge
from identifiers.extract import MessageEntity, extract_from_message
from identifiers.model import Identifier
from storage.uow import UnitOfWorkFactory


class CheckService:
    def __init__(self, unit_of_work: UnitOfWorkFactory, country: str) -> None:
        self._unit_of_work = unit_of_work
        # Phone numbers written without a country code are read as this country's.
        self.country = country

    async def check_text(self, text: str, entities: Iterable[MessageEntity] = ()) -> list[Finding]:
        return await self.check_identifiers(extract_from_message(text, entities, self.country))

    async def check_identifiers(self, identifiers: list[Identifier]) -> list[Finding]:
        if not identifiers:
            return []
        async with self._unit_of_work() as uow:
            official_domains = frozenset(await uow.allowlist.values(DOMAIN))
            return [
                await judge(uow, identifier.kind, identifier.value, official_domains)
                for identifier in identifiers
            ]
