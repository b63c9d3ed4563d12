"""Unit of work: repositories share one transaction; services commit, repositories never do."""

from collections.abc import Callable
from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.accounts import AccountRepository
from storage.audit import AuditRepository
from storage.cards import CardRepository
from storage.consumed import ConsumedMessageRepository
from storage.feeds import FeedStateRepository
from storage.groups import GroupGuardRepository
from storage.indicators import AllowlistRepository, IndicatorRepository
from storage.operators import OperatorRepository
from storage.outbox import OutboxRepository
from storage.reports import ReportRepository
from storage.sharing import SharingRepository
from storage.updates import HandledUpdateRepository
from storage.users import UserRepository


class UnitOfWork:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    async def __aenter__(self) -> "UnitOfWork":
        self.session = self._sessions()
        self.reports = ReportRepository(self.session)
        self.outbox = OutboxRepository(self.session)
        self.users = UserRepository(self.session)
        self.indicators = IndicatorRepository(self.session)
        self.allowlist = AllowlistRepository(self.session)
        self.feeds = FeedStateRepository(self.session)
        self.groups = GroupGuardRepository(self.session)
        self.updates = HandledUpdateRepository(self.session)
        self.consumed = ConsumedMessageRepository(self.session)
        self.audit = AuditRepository(self.session)
        self.operators = OperatorRepository(self.session)
        self.cards = CardRepository(self.session)
        self.accounts = AccountRepository(self.session)
        self.sharing = SharingRepository(self.session)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.session.rollback()
        await self.session.close()

    async def commit(self) -> None:
        await self.session.commit()


UnitOfWorkFactory = Callable[[], UnitOfWork]
