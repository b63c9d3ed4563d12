"""Two bot processes sharing one database agree on everything: each object here stands for a
process (its own instance, nothing shared in memory), so any per-process cache would show."""

import asyncio
from datetime import UTC, datetime, timedelta

from aiogram.fsm.storage.base import StorageKey
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine

from checking.group_guard import GroupGuards
from languages.preferences import LanguagePreferences
from storage.database import Database
from storage.fsm import DatabaseStorage
from storage.uow import UnitOfWorkFactory
from storage.update_ledger import UPDATE_MEMORY, DatabaseUpdateLedger, RedisUpdateLedger
from storage.updates import UpdateClaim

BOT_ID = 42
KEY = StorageKey(bot_id=BOT_ID, chat_id=7, user_id=7)


async def test_a_conversation_changed_in_one_process_is_seen_by_the_other(
    database: Database,
) -> None:
    engine: AsyncEngine = database.engine
    first, second = DatabaseStorage(engine), DatabaseStorage(engine)
    await first.set_state(KEY, "Report:scam_type")
    assert await second.get_state(KEY) == "Report:scam_type"

    await second.set_state(KEY, "Report:description")
    await second.set_data(KEY, {"draft": {"money_lost": True}})

    assert await first.get_state(KEY) == "Report:description"
    assert await first.get_data(KEY) == {"draft": {"money_lost": True}}


async def test_a_language_chosen_in_one_process_is_used_by_the_other(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    first, second = LanguagePreferences(unit_of_work), LanguagePreferences(unit_of_work)
    assert await second.chosen(7) is None
    await first.choose(7, "th")
    assert await second.chosen(7) == "th"
    await second.choose(7, "lo")
    assert await first.chosen(7) == "lo"


async def test_a_language_switch_is_offered_once_whichever_process_guesses(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    first, second = LanguagePreferences(unit_of_work), LanguagePreferences(unit_of_work)
    assert await first.first_offer(7) is True
    assert await second.first_offer(7) is False
    assert await first.first_offer(7) is False
    # Someone who chose a language before is offered a switch once too.
    await first.choose(8, "ms")
    assert await second.first_offer(8) is True
    assert await first.first_offer(8) is False
    assert await first.chosen(8) == "ms"


async def test_a_group_is_warned_once_per_interval_across_processes(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    first, second = GroupGuards(unit_of_work), GroupGuards(unit_of_work)
    await first.enable(-100, admin_id=1, language="ms")
    assert (await second.find(-100)) is not None
    assert await second.may_warn(-100) is True
    assert await first.may_warn(-100) is False

    await second.disable(-100)
    assert await first.find(-100) is None


async def test_a_warning_interval_that_has_passed_allows_the_next_warning(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    await GroupGuards(unit_of_work).enable(-100, admin_id=1, language="ms")
    now = datetime.now(UTC)
    async with unit_of_work() as uow:
        assert await uow.groups.claim_warning(-100, now, timedelta(minutes=5)) is True
        assert await uow.groups.claim_warning(-100, now, timedelta(minutes=5)) is False
        later = now + timedelta(minutes=6)
        assert await uow.groups.claim_warning(-100, later, timedelta(minutes=5)) is True


async def test_an_update_is_handled_by_one_process_and_taken_over_if_it_died(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    now = datetime.now(UTC)
    hold = timedelta(seconds=60)
    async with unit_of_work() as uow:
        assert await uow.updates.claim(BOT_ID, 1, now, hold) == UpdateClaim.MINE
        # The same update delivered to the other process meanwhile.
        assert await uow.updates.claim(BOT_ID, 1, now, hold) == UpdateClaim.BUSY
        # Another bot's update 1 is another update.
        assert await uow.updates.claim(BOT_ID + 1, 1, now, hold) == UpdateClaim.MINE
        await uow.updates.finish(BOT_ID, 1, now)
        assert await uow.updates.claim(BOT_ID, 1, now, hold) == UpdateClaim.HANDLED

        assert await uow.updates.claim(BOT_ID, 2, now, hold) == UpdateClaim.MINE
        # Its process died: after the hold, a redelivery takes it over.
        assert await uow.updates.claim(BOT_ID, 2, now + hold, hold) == UpdateClaim.MINE
        # A failed handling frees it for the next delivery at once.
        await uow.updates.release(BOT_ID, 2, now + hold)
        assert await uow.updates.claim(BOT_ID, 2, now + hold, hold) == UpdateClaim.MINE
        await uow.commit()

    async with unit_of_work() as uow:
        assert await uow.updates.forget_before(now + timedelta(seconds=1)) == 1
        assert await uow.updates.claim(BOT_ID, 1, now, hold) == UpdateClaim.MINE


async def test_the_redis_ledger_hands_an_update_to_one_process(redis_url: str) -> None:
    redis = Redis.from_url(redis_url)
    try:
        first = RedisUpdateLedger(redis, timedelta(milliseconds=300))
        second = RedisUpdateLedger(redis, timedelta(milliseconds=300))
        assert await first.claim(BOT_ID, 1) == UpdateClaim.MINE
        assert await second.claim(BOT_ID, 1) == UpdateClaim.BUSY
        await first.settle(BOT_ID, 1, handled=True)
        assert await second.claim(BOT_ID, 1) == UpdateClaim.HANDLED
        assert 0 < await redis.ttl(f"waspada:update:{BOT_ID}:1") <= UPDATE_MEMORY.total_seconds()

        assert await first.claim(BOT_ID, 2) == UpdateClaim.MINE
        await asyncio.sleep(0.4)  # its process died: the hold ran out
        assert await second.claim(BOT_ID, 2) == UpdateClaim.MINE
        await second.settle(BOT_ID, 2, handled=False)
        assert await first.claim(BOT_ID, 2) == UpdateClaim.MINE
    finally:
        await redis.aclose()


async def test_the_database_ledger_hands_an_update_to_one_process(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    first = DatabaseUpdateLedger(unit_of_work, timedelta(seconds=60))
    second = DatabaseUpdateLedger(unit_of_work, timedelta(seconds=60))
    assert await first.claim(BOT_ID, 1) == UpdateClaim.MINE
    assert await second.claim(BOT_ID, 1) == UpdateClaim.BUSY
    await first.settle(BOT_ID, 1, handled=True)
    assert await second.claim(BOT_ID, 1) == UpdateClaim.HANDLED
    assert await second.claim(BOT_ID, 2) == UpdateClaim.MINE
    await second.settle(BOT_ID, 2, handled=False)
    assert await first.claim(BOT_ID, 2) == UpdateClaim.MINE
