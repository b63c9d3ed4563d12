"""The report journey's states and the order in which they follow each other."""

from aiogram.fsm.state import State, StatesGroup

from reports.draft import ReportDraft
from reports.taxonomy import ContactConsent


class ReportForm(StatesGroup):
    urgent = State()
    scam_type = State()
    channel = State()
    impersonation = State()
    identifiers = State()
    incident = State()
    money_lost = State()
    amount = State()
    payment_method = State()
    description = State()
    evidence = State()
    consent = State()
    contact_phone = State()
    confirm = State()


OPTIONAL_STATES = frozenset(
    state.state
    for state in (
        ReportForm.channel,
        ReportForm.impersonation,
        ReportForm.identifiers,
        ReportForm.incident,
        ReportForm.amount,
        ReportForm.payment_method,
        ReportForm.description,
        ReportForm.evidence,
        ReportForm.contact_phone,
    )
)

_LINEAR = [
    ReportForm.urgent,
    ReportForm.scam_type,
    ReportForm.channel,
    ReportForm.impersonation,
    ReportForm.identifiers,
    ReportForm.incident,
    ReportForm.money_lost,
    ReportForm.amount,
    ReportForm.payment_method,
    ReportForm.description,
    ReportForm.evidence,
    ReportForm.consent,
    ReportForm.contact_phone,
    ReportForm.confirm,
]


def next_state(current: str, draft: ReportDraft) -> State:
    """The step after `current`, given what the draft says so far."""
    if current == ReportForm.money_lost.state and not draft.money_lost:
        return ReportForm.description
    if current == ReportForm.consent.state and draft.contact_consent != ContactConsent.PHONE:
        return ReportForm.confirm
    names = [state.state for state in _LINEAR]
    return _LINEAR[names.index(current) + 1]


def state_named(name: str) -> State:
    return next(state for state in _LINEAR if state.state == name)


def step_name(state: str) -> str:
    """The short name a state's buttons carry: "ReportForm:confirm" is "confirm"."""
    return state.rpartition(":")[2]
