"""Opens the core: the database (migrated), the lookup, the services and the relay's bell."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from checking.expander import LinkExpander
from checking.service import CheckService
from core.settings import Settings
from delivery.factory import build_publisher, relay_policy
from delivery.publishers import Publisher
from delivery.relay import OutboxBell, RelayPolicy
from identifiers.urls import load_suffix_list
from reports.review import Operators, ReviewService
from reports.service import ReportService
from storage.database import Database, open_migrated
from storage.lookup import Lookup, open_lookup
from storage.uow import UnitOfWork, UnitOfWorkFactory


@dataclass
class Core:
    settings: Settings
    database: Database
    unit_of_work: UnitOfWorkFactory
    lookup: Lookup
    reports: ReportService
    review: ReviewService
    # Rung when a report is stored: heard by a relay in the same process, and by the poster of
    # the operators' cards.
    outbox_bell: OutboxBell
    cards_bell: OutboxBell

    def checks(self, country: str | None = None) -> CheckService:
        """The check service, reading local numbers as `country`'s (default: the setting)."""
        return check_service(self.settings, self.lookup, country)

    def publisher(self) -> Publisher | None:
        return build_publisher(self.settings)

    def relay_policy(self) -> RelayPolicy:
        return relay_policy(self.settings)


@asynccontextmanager
async def open_core(settings: Settings) -> AsyncIterator[Core]:
    database = await open_migrated(settings.database_url)
    try:

        def unit_of_work() -> UnitOfWork:
            return UnitOfWork(database.sessions)

        outbox_bell, cards_bell = OutboxBell(), OutboxBell()

        def stored() -> None:
            outbox_bell.ring()
            cards_bell.ring()

        reports = ReportService(unit_of_work, settings.country, on_stored=stored)
        with open_lookup(database) as lookup:
            operators = Operators(unit_of_work, settings.operators)
            review = ReviewService(unit_of_work, operators, check_service(settings, lookup))
            yield Core(
                settings, database, unit_of_work, lookup, reports, review, outbox_bell, cards_bell
            )
    finally:
        await database.close()


def check_service(settings: Settings, lookup: Lookup, country: str | None = None) -> CheckService:
    load_suffix_list()
    expander = LinkExpander() if settings.expand_links else None
    return CheckService(lookup, country or settings.country, expander=expander)
