"""Conversation state in the database, so that a conversation survives a restart of the bot.

Every read goes to the database and every change is committed before the call returns, so
several bot processes sharing one database (behind a load balancer) always agree; Redis can hold
conversations instead (WASPADA_REDIS_URL).
"""

import asyncio
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import BaseStorage, DefaultKeyBuilder, StateType, StorageKey
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.models import ConversationState

# (conversation key, columns to set, resolved once committed)
_PendingWrite = tuple[str, dict[str, str | None], asyncio.Future[None]]


def conversation_keys() -> DefaultKeyBuilder:
    """One key layout for every storage, with the bot id so that two bots never mix."""
    return DefaultKeyBuilder(with_bot_id=True, with_destiny=True)


@dataclass
class _Conversation:
    state: str | None = None
    data: str = "{}"  # JSON, as stored


class DatabaseStorage(BaseStorage):
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine
        self._keys = conversation_keys()
        self._waiting: list[_PendingWrite] = []
        self._committer: asyncio.Task[None] | None = None

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        name = state.state if isinstance(state, State) else state
        await self._write(self._keys.build(key), {"state": name})

    async def get_state(self, key: StorageKey) -> str | None:
        return (await self._load(self._keys.build(key))).state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        encoded = json.dumps(dict(data), ensure_ascii=False)
        await self._write(self._keys.build(key), {"data": encoded})

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        data: dict[str, Any] = json.loads((await self._load(self._keys.build(key))).data)
        return data

    async def close(self) -> None:
        """The engine belongs to the application, which closes it."""

    async def _load(self, storage_key: str) -> _Conversation:
        async with self._engine.connect() as connection:
            row = (
                await connection.execute(
                    select(ConversationState.state, ConversationState.data).where(
                        ConversationState.key == storage_key
                    )
                )
            ).first()
        return _Conversation(row.state, row.data) if row else _Conversation()

    async def _write(self, storage_key: str, values: dict[str, str | None]) -> None:
        """Returns once the change is committed. Changes that arrive while a commit is under
        way go together in the next one (group commit: one transaction, one sync to disk)."""
        written = asyncio.get_running_loop().create_future()
        self._waiting.append((storage_key, values, written))
        if self._committer is None or self._committer.done():
            self._committer = asyncio.create_task(self._commit_waiting())
        await written

    async def _commit_waiting(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting, []
            try:
                await self._upsert(batch)
            except Exception as error:  # every writer in the batch learns of the failure
                for _key, _values, written in batch:
                    if not written.done():
                        written.set_exception(error)
            else:
                for _key, _values, written in batch:
                    if not written.done():
                        written.set_result(None)

    async def _upsert(self, batch: list[_PendingWrite]) -> None:
        merged: dict[str, dict[str, str | None]] = {}
        for storage_key, values, _written in batch:
            merged.setdefault(storage_key, {}).update(values)
        by_columns: dict[tuple[str, ...], list[dict[str, str | None]]] = {}
        for storage_key, values in merged.items():
            row = {"key": storage_key, "state": None, "data": "{}", **values}
            by_columns.setdefault(tuple(sorted(values)), []).append(row)
        async with self._engine.begin() as connection:
            insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
            for columns, rows in by_columns.items():
                statement = insert(ConversationState)
                update = {column: statement.excluded[column] for column in columns}
                await connection.execute(
                    statement.on_conflict_do_update(index_elements=["key"], set_=update), rows
                )
