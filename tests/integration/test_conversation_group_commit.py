"""Writes that arrive together are committed together, and each writer waits for its commit."""

import asyncio

import pytest
from aiogram.fsm.storage.base import StorageKey

from storage.database import Database
from storage.fsm import DatabaseStorage

BOT_ID = 42


def _key(person: int) -> StorageKey:
    return StorageKey(bot_id=BOT_ID, chat_id=person, user_id=person)


async def test_many_writers_at_once_are_all_committed(database: Database) -> None:
    storage = DatabaseStorage(database.engine)
    await asyncio.gather(
        *(storage.set_data(_key(person), {"step": person}) for person in range(60)),
        *(storage.set_state(_key(person), f"Report:step{person}") for person in range(60, 90)),
    )
    reopened = DatabaseStorage(database.engine)  # a new process: nothing in memory
    for person in range(60):
        assert await reopened.get_data(_key(person)) == {"step": person}
        assert await reopened.get_state(_key(person)) is None
    for person in range(60, 90):
        assert await reopened.get_state(_key(person)) == f"Report:step{person}"


async def test_a_failed_commit_fails_every_writer_in_it_and_changes_nothing(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    storage = DatabaseStorage(database.engine)
    await storage.set_state(_key(1), "Report:before")

    async def disk_full(_self: DatabaseStorage, _batch: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(DatabaseStorage, "_upsert", disk_full)
    results = await asyncio.gather(
        *(storage.set_state(_key(person), "Report:after") for person in (1, 2, 3)),
        return_exceptions=True,
    )
    assert [type(result) for result in results] == [OSError, OSError, OSError]
    assert await storage.get_state(_key(1)) == "Report:before"
    assert await DatabaseStorage(database.engine).get_state(_key(2)) is None
