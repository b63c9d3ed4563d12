"""Which Telegram updates some bot process took on, shared by every process behind the load
balancer: in Redis when the deployment has it (two cheap commands an update), otherwise in
the database."""

from datetime import UTC, datetime, timedelta
from typing import Protocol

from redis.asyncio import Redis

from storage.uow import UnitOfWorkFactory
from storage.updates import UpdateClaim

# Telegram redelivers an update for a day at most: marks older than this serve nothing.
UPDATE_MEMORY = timedelta(days=2)
# The database forgets old marks every so many claims (Redis lets them expire).
FORGET_EVERY = 1000


class UpdateLedger(Protocol):
    async def claim(self, bot_id: int, update_id: int) -> UpdateClaim: ...

    async def settle(self, bot_id: int, update_id: int, handled: bool) -> None:
        """Handled: a repeat is acknowledged from now on. Not handled (it failed): the next
        delivery may take it at once."""


class DatabaseUpdateLedger:
    def __init__(self, unit_of_work: UnitOfWorkFactory, hold: timedelta) -> None:
        self._unit_of_work = unit_of_work
        # Long enough to handle any update; a process that died holding one frees it after.
        self._hold = hold
        self._claimed = 0

    async def claim(self, bot_id: int, update_id: int) -> UpdateClaim:
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            claim = await uow.updates.claim(bot_id, update_id, now, self._hold)
            self._claimed += 1
            if self._claimed % FORGET_EVERY == 0:
                await uow.updates.forget_before(now - UPDATE_MEMORY)
            await uow.commit()
        return claim

    async def settle(self, bot_id: int, update_id: int, handled: bool) -> None:
        now = datetime.now(UTC)
        async with self._unit_of_work() as uow:
            if handled:
                await uow.updates.finish(bot_id, update_id, now)
            else:
                await uow.updates.release(bot_id, update_id, now)
            await uow.commit()


class RedisUpdateLedger:
    """One key an update: "busy" while a process handles it (expiring after the hold, so a
    dead process's updates are taken over), then "done" until Telegram has long stopped
    redelivering it."""

    def __init__(self, redis: Redis, hold: timedelta) -> None:
        self._redis = redis
        self._hold = hold

    async def claim(self, bot_id: int, update_id: int) -> UpdateClaim:
        key = _key(bot_id, update_id)
        if await self._redis.set(key, "busy", nx=True, px=self._hold):
            return UpdateClaim.MINE
        state = await self._redis.get(key)
        if state is None:  # expired just now: its process died
            taken = await self._redis.set(key, "busy", nx=True, px=self._hold)
            return UpdateClaim.MINE if taken else UpdateClaim.BUSY
        return UpdateClaim.HANDLED if state == b"done" else UpdateClaim.BUSY

    async def settle(self, bot_id: int, update_id: int, handled: bool) -> None:
        key = _key(bot_id, update_id)
        if handled:
            await self._redis.set(key, "done", ex=UPDATE_MEMORY)
        else:
            await self._redis.delete(key)


def _key(bot_id: int, update_id: int) -> str:
    return f"waspada:update:{bot_id}:{update_id}"
