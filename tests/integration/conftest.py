"""Integration fixtures: report drafts and row counts."""

from collections.abc import Awaitable, Callable

import pytest
from sqlalchemy import func, select

from reports.draft import ReportDraft
from reports.service import Reporter, ReportService
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
