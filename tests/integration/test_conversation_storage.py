"""Conversation state (aiogram FSM storage): one contract, our database storage and Redis."""

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

import pytest
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.fsm.storage.redis import RedisStorage

from reports.draft import ReportDraft
from storage.database import open_database
from storage.fsm import DatabaseStorage
from storage.migrate import upgrade_to_head
from tests.integration.conftest import DraftFactory

StorageOpener = Callable[[], AbstractAsyncContextManager[BaseStorage]]

BOT_ID = 42
ALICE = StorageKey(bot_id=BOT_ID, chat_id=1001, user_id=1001)
BOB = StorageKey(bot_id=BOT_ID, chat_id=1002, user_id=1002)
ALICE_IN_GROUP = StorageKey(bot_id=BOT_ID, chat_id=-100500, user_id=1001)
BOB_IN_GROUP = StorageKey(bot_id=BOT_ID, chat_id=-100500, user_id=1002)
ALICE_IN_TOPIC = StorageKey(bot_id=BOT_ID, chat_id=-100500, user_id=1001, thread_id=7)


class Journey(StatesGroup):
    scam_type = State()
    identifiers = State()


class StorageContract:
    """What the bot needs from any FSM storage; subclasses provide `open_storage`."""

    async def test_unknown_key_has_no_state_and_no_data(self, open_storage: StorageOpener) -> None:
        async with open_storage() as storage:
            assert await storage.get_state(ALICE) is None
            assert await storage.get_data(ALICE) == {}

    async def test_state_and_data_survive_a_restart(
        self, open_storage: StorageOpener, make_draft: DraftFactory
    ) -> None:
        draft = make_draft()
        data = {"draft": draft.model_dump(mode="json"), "history": ["Journey:urgent"]}
        async with open_storage() as storage:
            await storage.set_state(ALICE, Journey.identifiers)
            await storage.set_data(ALICE, data)

        async with open_storage() as restarted:
            assert await restarted.get_state(ALICE) == "Journey:identifiers"
            stored = await restarted.get_data(ALICE)
        assert stored == data
        assert ReportDraft.model_validate(stored["draft"]) == draft

    async def test_text_in_any_script_survives_a_restart(self, open_storage: StorageOpener) -> None:
        data = {"th": "แก๊งคอลเซ็นเตอร์", "zh": "诈骗", "my": "လိမ်လည်မှု", "emoji": "🚨"}
        async with open_storage() as storage:
            await storage.set_data(ALICE, data)
        async with open_storage() as restarted:
            assert await restarted.get_data(ALICE) == data

    async def test_set_data_replaces_and_update_data_merges(
        self, open_storage: StorageOpener
    ) -> None:
        async with open_storage() as storage:
            await storage.set_data(ALICE, {"a": 1, "b": 2})
            await storage.set_data(ALICE, {"c": 3})
            assert await storage.get_data(ALICE) == {"c": 3}
            assert await storage.update_data(ALICE, {"d": 4}) == {"c": 3, "d": 4}
            assert await storage.get_data(ALICE) == {"c": 3, "d": 4}

    async def test_keys_of_different_users_and_chats_do_not_mix(
        self, open_storage: StorageOpener
    ) -> None:
        keys = [ALICE, BOB, ALICE_IN_GROUP, BOB_IN_GROUP, ALICE_IN_TOPIC]
        async with open_storage() as storage:
            for number, key in enumerate(keys):
                await storage.set_state(key, f"Journey:step{number}")
                await storage.set_data(key, {"owner": number})

        async with open_storage() as restarted:
            for number, key in enumerate(keys):
                assert await restarted.get_state(key) == f"Journey:step{number}"
                assert await restarted.get_data(key) == {"owner": number}
            await restarted.set_state(BOB, None)
            await restarted.set_data(BOB, {})
            assert await restarted.get_state(ALICE) == "Journey:step0"
            assert await restarted.get_data(ALICE) == {"owner": 0}
            assert await restarted.get_state(BOB_IN_GROUP) == "Journey:step3"

    async def test_setting_the_state_to_none_clears_it_and_keeps_the_data(
        self, open_storage: StorageOpener
    ) -> None:
        async with open_storage() as storage:
            await storage.set_state(ALICE, Journey.scam_type)
            await storage.set_data(ALICE, {"kept": True})
            await storage.set_state(ALICE, None)
            assert await storage.get_state(ALICE) is None
            assert await storage.get_data(ALICE) == {"kept": True}

        async with open_storage() as restarted:
            assert await restarted.get_state(ALICE) is None
            assert await restarted.get_data(ALICE) == {"kept": True}

    async def test_returned_data_is_a_copy(self, open_storage: StorageOpener) -> None:
        async with open_storage() as storage:
            await storage.set_data(ALICE, {"items": [1]})
            (await storage.get_data(ALICE))["items"].append(2)
            assert await storage.get_data(ALICE) == {"items": [1]}

    async def test_first_writes_for_a_new_conversation_may_arrive_together(
        self, open_storage: StorageOpener
    ) -> None:
        """Two updates from people the bot never saw (a double tap on /start) run at once."""
        newcomers = [StorageKey(bot_id=BOT_ID, chat_id=n, user_id=n) for n in range(2000, 2005)]
        async with open_storage() as storage:
            # A running bot has its connections open already.
            await asyncio.gather(*(storage.get_state(key) for key in newcomers))
            await asyncio.wait_for(
                asyncio.gather(
                    *(storage.set_state(key, Journey.scam_type) for key in newcomers),
                    *(storage.set_data(key, {"started": key.user_id}) for key in newcomers),
                ),
                timeout=30,
            )
            for key in newcomers:
                assert await storage.get_state(key) == "Journey:scam_type"
                assert await storage.get_data(key) == {"started": key.user_id}


class TestDatabaseStorage(StorageContract):
    @pytest.fixture
    def open_storage(self, database_url: str) -> StorageOpener:
        """Each opening is a process start: a new engine, migrated, then closed."""

        @asynccontextmanager
        async def opened() -> AsyncIterator[BaseStorage]:
            database = open_database(database_url)
            try:
                await upgrade_to_head(database.engine)
                storage = DatabaseStorage(database.engine)
                try:
                    yield storage
                finally:
                    await storage.close()
            finally:
                await database.close()

        return opened

    async def test_bots_sharing_a_database_keep_apart(self, open_storage: StorageOpener) -> None:
        other_bot = StorageKey(bot_id=BOT_ID + 1, chat_id=ALICE.chat_id, user_id=ALICE.user_id)
        async with open_storage() as storage:
            await storage.set_state(ALICE, Journey.scam_type)
            await storage.set_state(other_bot, Journey.identifiers)
            assert await storage.get_state(ALICE) == "Journey:scam_type"
            assert await storage.get_state(other_bot) == "Journey:identifiers"


class TestRedisStorage(StorageContract):
    @pytest.fixture
    def open_storage(self, redis_url: str) -> StorageOpener:
        """Built the way bot.app builds it when WASPADA_REDIS_URL is set."""

        @asynccontextmanager
        async def opened() -> AsyncIterator[BaseStorage]:
            storage = RedisStorage.from_url(redis_url)
            try:
                yield storage
            finally:
                await storage.close()

        return opened
