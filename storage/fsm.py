"""Conversation state in the database, so that a conversation survives a restart of the bot."""

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import ConversationState


def conversation_keys() -> DefaultKeyBuilder:
    """One key layout for every storage, with the bot id so that two bots never mix."""
    return DefaultKeyBuilder(with_bot_id=True, with_destiny=True)


class DatabaseStorage(BaseStorage):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._keys = conversation_keys()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        async with self._sessions() as session, session.begin():
            row = await self._row(session, key)
            row.state = name

    async def get_state(self, key: StorageKey) -> str | None:
        async with self._sessions() as session:
            row = await session.get(ConversationState, self._keys.build(key))
            return row.state if row else None

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self._sessions() as session, session.begin():
            row = await self._row(session, key)
            row.data = json.dumps(dict(data), ensure_ascii=False)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self._sessions() as session:
            row = await session.get(ConversationState, self._keys.build(key))
            return dict(json.loads(row.data)) if row else {}

    async def close(self) -> None:
        """The engine belongs to the application, which closes it."""

    async def _row(self, session: AsyncSession, key: StorageKey) -> ConversationState:
        """The conversation's row, created first if need be; safe when two writers race."""
        storage_key = self._keys.build(key)
        insert = (
            postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        )
        await session.execute(
            insert(ConversationState)
            .values(key=storage_key, state=None, data="{}")
            .on_conflict_do_nothing(index_elements=["key"])
        )
        row = await session.get(ConversationState, storage_key, populate_existing=True)
        if row is None:
            raise LookupError(storage_key)
        return row
