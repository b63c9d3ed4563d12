"""Integration fixtures: report drafts, row counts, checks and the review service."""

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from checking.service import CheckService
from reports.draft import ReportDraft
from reports.review import Actor, Operators, ReviewService, Surface
from reports.service import Reporter, ReportService
from storage.lookup import Lookup
from storage.models import Base
from storage.uow import UnitOfWorkFactory
from tests.support.drafts import complete_draft

DraftFactory = Callable[..., ReportDraft]
RowCounter = Callable[[type[Base]], Awaitable[int]]


@pytest.fixture
def make_draft() -> DraftFactory:
    """A complete phishing draft; keyword arguments replace its fields."""
    return complete_draft


@pytest.fixture
def reporter() -> Reporter:
    return Reporter(telegram_id=700_100_200, interface_language="ms")


@pytest.fixture
def report_service(unit_of_work: UnitOfWorkFactory) -> ReportService:
    return ReportService(unit_of_work, "MY")


@pytest.fixture
def count_rows(unit_of_work: UnitOfWorkFactory) -> RowCounter:
    """How many rows a table holds, read in a fresh transaction."""

    async def count(model: type[Base]) -> int:
        async with unit_of_work() as uow:
            return int(await uow.session.scalar(select(func.count()).select_from(model)) or 0)

    return count


# The admin configured for the deployment, and an operator that admin added.
ADMIN = Actor(1001, Surface.TELEGRAM)
OPERATOR = Actor(1002, Surface.TELEGRAM)


@pytest.fixture
def checks(lookup: Lookup) -> CheckService:
    return CheckService(lookup, "MY")


@pytest.fixture
async def review(unit_of_work: UnitOfWorkFactory, checks: CheckService) -> ReviewService:
    async with unit_of_work() as uow:
        await uow.operators.add(OPERATOR.telegram_id, ADMIN.telegram_id, datetime.now(UTC))
        await uow.commit()
    return ReviewService(unit_of_work, Operators(unit_of_work, [ADMIN.telegram_id]), checks)
