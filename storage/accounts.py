"""Console accounts, their sessions and failed sign-ins."""

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ConsoleAccount, ConsoleSession, LoginFailure


class AccountRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def add(self, account: ConsoleAccount) -> None:
        self._session.add(account)
        await self._session.flush()

    async def by_name(self, name: str) -> ConsoleAccount | None:
        return await self._session.scalar(select(ConsoleAccount).where(ConsoleAccount.name == name))

    async def all(self) -> list[ConsoleAccount]:
        return list(
            await self._session.scalars(select(ConsoleAccount).order_by(ConsoleAccount.name))
        )

    async def start_session(self, session: ConsoleSession) -> None:
        self._session.add(session)
        await self._session.flush()

    async def session_of(
        self, token_hash: str, now: datetime
    ) -> tuple[ConsoleSession, ConsoleAccount] | None:
        row = (
            await self._session.execute(
                select(ConsoleSession, ConsoleAccount)
                .join(ConsoleAccount, ConsoleAccount.id == ConsoleSession.account_id)
                .where(ConsoleSession.token_hash == token_hash, ConsoleSession.expires_at > now)
            )
        ).first()
        return (row[0], row[1]) if row else None

    async def end_session(self, token_hash: str) -> None:
        await self._session.execute(
            delete(ConsoleSession).where(ConsoleSession.token_hash == token_hash)
        )

    async def end_sessions_of(self, account_id: int) -> None:
        await self._session.execute(
            delete(ConsoleSession).where(ConsoleSession.account_id == account_id)
        )

    async def forget_expired(self, now: datetime) -> None:
        await self._session.execute(delete(ConsoleSession).where(ConsoleSession.expires_at <= now))

    async def failures(self, key: str) -> LoginFailure | None:
        return await self._session.get(LoginFailure, key)

    async def count_failure(self, failure: LoginFailure) -> None:
        await self._session.merge(failure)

    async def clear_failures(self, key: str) -> None:
        await self._session.execute(delete(LoginFailure).where(LoginFailure.key == key))
