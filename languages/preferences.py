"""The interface language each person chose, read from the database on every update so that
every bot process sharing it agrees (a choice made in one is seen by the next update anywhere)."""

from storage.uow import UnitOfWorkFactory


class LanguagePreferences:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work

    async def chosen(self, telegram_id: int) -> str | None:
        async with self._unit_of_work() as uow:
            return await uow.users.language_of(telegram_id)

    async def choose(self, telegram_id: int, language: str) -> None:
        async with self._unit_of_work() as uow:
            await uow.users.set_language(telegram_id, language)
            await uow.commit()

    async def first_offer(self, telegram_id: int) -> bool:
        """True the first time a switch of language is offered to this person, by any process."""
        async with self._unit_of_work() as uow:
            first = await uow.users.claim_language_offer(telegram_id)
            await uow.commit()
        return first
