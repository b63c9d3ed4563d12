"""Conversation state in the database, so that a conversation survives a restart of the bot.

Reads are served from memory once a conversation was loaded; every change is written through
in one statement before the call returns. The cache is per process: the embedded default runs
one bot process per database (several processes keep conversations in Redis instead).
"""

import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import ConversationState

CACHED_CONVERSATIONS = 100_000


def conversation_keys() -> DefaultKeyBuilder:
    """One key layout for every storage, with the bot id so that two bots never mix."""
    return DefaultKeyBuilder(with_bot_id=True, with_destiny=True)


@dataclass
class _Conversation:
    state: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


class DatabaseStorage(BaseStorage):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._keys = conversation_keys()
        self._cache: OrderedDict[str, _Conversation] = OrderedDict()

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        conversation = await self._load(self._keys.build(key))
        await self._write(self._keys.build(key), {"state": name})
        conversation.state = name

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._load(self._keys.build(key))).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        conversation = await self._load(self._keys.build(key))
        encoded = json.dumps(dict(data), ensure_ascii=False)
        await self._write(self._keys.build(key), {"data": encoded})
        conversation.data = json.loads(encoded)

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        copy: dict[str, Any] = json.loads(
            json.dumps((await self._load(self._keys.build(key))).data)
        )
        return copy

    async def close(self) -> None:
        """The engine belongs to the application, which closes it."""

    async def _load(self, storage_key: str) -> _Conversation:
        conversation = self._cache.get(storage_key)
        if conversation is None:
            async with self._engine.connect() as connection:
                row = (
                    await connection.execute(
                        select(ConversationState.state, ConversationState.data).where(
                            ConversationState.key == storage_key
                        )
                    )
                ).first()
            conversation = (
                _Conversation(row.state, json.loads(row.data)) if row else _Conversation()
            )
            self._cache[storage_key] = conversation
            if len(self._cache) > CACHED_CONVERSATIONS:
                self._cache.popitem(last=False)
        self._cache.move_to_end(storage_key)
        return conversation

    async def _write(self, storage_key: str, values: dict[str, str | None]) -> None:
        """Creates or updates the row in one statement, so concurrent writers never collide."""
        async with self._engine.begin() as connection:
            postgres = connection.dialect.name == "postgresql"
            insert = postgresql_insert if postgres else sqlite_insert
            await connection.execute(
                insert(ConversationState)
                .values(key=storage_key, **{"state": None, "data": "{}", **values})
                .on_conflict_do_update(index_elements=["key"], set_=values)
            )
