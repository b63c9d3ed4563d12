"""Where a reporter is in the journey: the draft, the steps behind them, moving on and back."""

from dataclasses import asdict, dataclass

from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State
from aiogram.types import Message

from handlers.report.prompts import prompt_for
from handlers.report.steps import ReportForm, next_state
from identifiers.model import Identifier, IdentifierKind
from reports.countries import Country
from reports.draft import ReportDraft

_DRAFT = "draft"
_HISTORY = "history"
_CHECKED = "checked"
_CHECKED_IN = "checked_in"
_SUBMITTED = "submitted"
# What was given outside a report (files, what happened), kept for the report that follows.
_WAITING = "waiting"


@dataclass(frozen=True)
class Submitted:
    """The report a conversation last submitted, kept so a repeated Submit can be answered."""

    draft: str
    reference: str
    money_lost: bool
    money_left_recently: bool


@dataclass
class Journey:
    state: FSMContext
    draft: ReportDraft
    history: list[str]
    current: str

    @classmethod
    async def begin(cls, state: FSMContext, draft: ReportDraft) -> "Journey":
        """A new journey for the draft, which may already hold what the person gave before
        the report began (checked identifiers, files sent, a /report argument)."""
        draft.absorb(await waiting_draft(state))
        journey = cls(state, draft, [], _name(ReportForm.urgent))
        await journey._store()
        return journey

    @classmethod
    async def load(cls, state: FSMContext) -> "Journey | None":
        current = await state.get_state()
        if current is None or current not in ReportForm.__state_names__:
            return None
        data = await state.get_data()
        draft = ReportDraft.model_validate(data.get(_DRAFT, {}))
        return cls(state, draft, list(data.get(_HISTORY, [])), current)

    async def finish(self, reference: str) -> None:
        """Ends the journey once its report is stored. Whenever the process stops along the way,
        a Submit delivered again finds either the journey (and submits it again, which stores
        nothing new) or the submitted report (and answers with its reference)."""
        draft = self.draft
        submitted = Submitted(draft.tag, reference, draft.money_lost, draft.money_left_recently)
        await self.state.update_data({_SUBMITTED: asdict(submitted)})
        await self.state.set_state(None)
        await self.state.set_data({_SUBMITTED: asdict(submitted)})

    async def save(self) -> None:
        await self.state.update_data({_DRAFT: self.draft.model_dump(mode="json")})

    async def advance(self, chat: Message, country: Country, note: str | None = None) -> None:
        self.history.append(self.current)
        self.current = _name(next_state(self.current, self.draft))
        await self._store()
        await self.ask(chat, country, note)

    async def back(self) -> bool:
        """Steps back to the previous question; False when this is the first one."""
        if not self.history:
            return False
        self.current = self.history.pop()
        await self._store()
        return True

    async def ask(self, chat: Message, country: Country, note: str | None = None) -> None:
        """Asks the current question; a note (an acknowledgement, a correction) leads the
        same message, so the person reads one message, not two."""
        prompt = prompt_for(self.current, self.draft, country)
        text = f"{note}\n\n{prompt.text}" if note else prompt.text
        await chat.answer(text, reply_markup=prompt.markup)

    async def _store(self) -> None:
        await self.state.set_state(self.current)
        await self.state.set_data(
            {_DRAFT: self.draft.model_dump(mode="json"), _HISTORY: self.history}
        )


async def submitted_report(state: FSMContext) -> Submitted | None:
    """The report this conversation submitted last, until something else replaces it."""
    submitted = (await state.get_data()).get(_SUBMITTED)
    return Submitted(**submitted) if submitted else None


async def remember_checked(state: FSMContext, answer: Message, found: list[Identifier]) -> None:
    """Keeps what a check found, tied to the answer that offers "report this"."""
    await state.update_data(
        {_CHECKED_IN: answer.message_id, _CHECKED: [[item.kind, item.value] for item in found]}
    )


async def checked_identifiers(state: FSMContext, answer: Message) -> list[Identifier]:
    """What the check answered by `answer` found; nothing once a later check replaced it."""
    data = await state.get_data()
    if data.get(_CHECKED_IN) != answer.message_id:
        return []
    return [Identifier(IdentifierKind(kind), value) for kind, value in data.get(_CHECKED, [])]


async def waiting_draft(state: FSMContext) -> ReportDraft:
    """What was given outside a report, waiting for the next one."""
    return ReportDraft.model_validate((await state.get_data()).get(_WAITING, {}))


async def keep_waiting(state: FSMContext, waiting: ReportDraft) -> None:
    await state.update_data({_WAITING: waiting.model_dump(mode="json")})


def _name(state: State) -> str:
    return str(state.state)
