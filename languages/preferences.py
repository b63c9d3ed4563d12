"""The interface language each person chose. Read on every update, so kept in memory once
read; a choice is written to the database before it is remembered (one process per database,
as for conversation state)."""

from collections import OrderedDict

from storage.uow import UnitOfWorkFactory

REMEMBERED_PEOPLE = 100_000


class LanguagePreferences:
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work
        self._known: OrderedDict[int, str | None] = OrderedDict()

    async def chosen(self, telegram_id: int) -> str | None:
        if telegram_id not in self._known:
            async with self._unit_of_work() as uow:
                self._remember(telegram_id, await uow.users.language_of(telegram_id))
        self._known.move_to_end(telegram_id)
        return self._known[telegram_id]

    async def choose(self, telegram_id: int, language: str) -> None:
        async with self._unit_of_work() as uow:
            await uow.users.set_language(telegram_id, language)
            await uow.commit()
        self._remember(telegram_id, language)

    def _remember(self, telegram_id: int, language: str | None) -> None:
        self._known[telegram_id] = language
        if len(self._known) > REMEMBERED_PEOPLE:
            self._known.popitem(last=False)
