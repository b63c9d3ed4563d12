"""Conversation state in the database, so that a conversation survives a restart of the bot."""

import json
from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.models import ConversationState


class DatabaseStorage(BaseStorage):
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions
        self._keys = DefaultKeyBuilder(with_bot_id=True, with_destiny=True)

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
        storage_key = self._keys.build(key)
        row = await session.get(ConversationState, storage_key)
        if row is None:
            row = ConversationState(key=storage_key, state=None, data="{}")
            session.add(row)
        return row
