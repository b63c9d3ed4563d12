import pytest
from aiogram.fsm.state import State

from handlers.report.steps import ReportForm, next_state, state_named
from reports.draft import ReportDraft
from reports.taxonomy import ContactConsent

LOST_MONEY_AND_WANTS_A_CALL = ReportDraft(money_lost=True, contact_consent=ContactConsent.PHONE)


@pytest.mark.parametrize(
    ("current", "expected"),
    [
        (ReportForm.urgent, ReportForm.scam_type),
        (ReportForm.scam_type, ReportForm.channel),
        (ReportForm.channel, ReportForm.impersonation),
        (ReportForm.impersonation, ReportForm.identifiers),
        (ReportForm.identifiers, ReportForm.incident),
        (ReportForm.incident, ReportForm.money_lost),
        (ReportForm.money_lost, ReportForm.amount),
        (ReportForm.amount, ReportForm.payment_method),
        (ReportForm.payment_method, ReportForm.description),
        (ReportForm.description, ReportForm.evidence),
        (ReportForm.evidence, ReportForm.consent),
        (ReportForm.consent, ReportForm.contact_phone),
        (ReportForm.contact_phone, ReportForm.hear_back),
        (ReportForm.hear_back, ReportForm.confirm),
    ],
    ids=lambda state: str(state.state).split(":")[-1],
)
def test_the_full_journey_goes_step_by_step(current: State, expected: State) -> None:
    assert current.state is not None
    assert next_state(current.state, LOST_MONEY_AND_WANTS_A_CALL) == expected


def test_no_money_lost_skips_amount_and_payment_method() -> None:
    draft = ReportDraft(money_lost=False)
    assert ReportForm.money_lost.state is not None
    assert next_state(ReportForm.money_lost.state, draft) == ReportForm.description


@pytest.mark.parametrize("consent", [ContactConsent.TELEGRAM, ContactConsent.NONE])
def test_consent_other_than_phone_skips_the_phone_step(consent: ContactConsent) -> None:
    draft = ReportDraft(money_lost=True, contact_consent=consent)
    assert ReportForm.consent.state is not None
    assert next_state(ReportForm.consent.state, draft) == ReportForm.hear_back


def test_a_journey_without_money_lost_or_phone_visits_only_the_needed_steps() -> None:
    draft = ReportDraft(money_lost=False, contact_consent=ContactConsent.TELEGRAM)
    visited = [ReportForm.urgent]
    while visited[-1] != ReportForm.confirm:
        current = visited[-1].state
        assert current is not None
        visited.append(next_state(current, draft))
    assert visited == [
        ReportForm.urgent,
        ReportForm.scam_type,
        ReportForm.channel,
        ReportForm.impersonation,
        ReportForm.identifiers,
        ReportForm.incident,
        ReportForm.money_lost,
        ReportForm.description,
        ReportForm.evidence,
        ReportForm.consent,
        ReportForm.hear_back,
        ReportForm.confirm,
    ]


def test_state_named_finds_each_state_by_its_name() -> None:
    for state in ReportForm.__states__:
        assert state.state is not None
        assert state_named(state.state) is state
