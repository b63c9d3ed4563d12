"""The report journey's steps, in one table: the order they come in, the buttons each offers,
what a button (or its label typed as text) records, and what /skip leaves unanswered."""

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from aiogram.fsm.state import State, StatesGroup
from aiogram.utils.i18n import gettext as _

from handlers.context import pgettext
from handlers.labels import (
    consent_label,
    contact_channel_label,
    impersonated_party_label,
    incident_period_label,
    payment_method_label,
    scam_type_label,
)
from languages.replies import is_no, is_yes
from reports.countries import Country
from reports.draft import ReportDraft
from reports.taxonomy import (
    ContactChannel,
    ContactConsent,
    ImpersonatedParty,
    IncidentPeriod,
    PaymentMethod,
    ScamType,
)

YES = "yes"
NO = "no"
DONE = "done"
CLEAR = "clear"
SUBMIT = "submit"
CANCEL = "cancel"
# The amount the person mentioned earlier, offered back as a button.
KEEP = "keep"


class ReportForm(StatesGroup):
    urgent = State()
    scam_type = State()
    channel = State()
    impersonation = State()
    identifiers = State()
    incident = State()
    money_lost = State()
    amount = State()
    amount_check = State()
    payment_method = State()
    description = State()
    evidence = State()
    consent = State()
    contact_phone = State()
    hear_back = State()
    confirm = State()


Options = Callable[[Country], list[tuple[str, str]]]


@dataclass(frozen=True)
class Step:
    state: State
    optional: bool = False
    # The step's own buttons as (value, label); none where the answer is typed.
    options: Options | None = None
    per_row: int = 1
    # Records a button's value in the draft; ValueError for a value the step does not offer.
    apply: Callable[[ReportDraft, str], None] | None = None
    # The draft's fields /skip leaves unanswered.
    skipped: tuple[str, ...] = ()


def _yes_no() -> list[tuple[str, str]]:
    return [(YES, _("Yes")), (NO, _("No"))]


def _set_urgent(draft: ReportDraft, value: str) -> None:
    # Money that left the account is money lost: the question is not asked again.
    draft.money_left_recently = _yes_or_no(value)
    if draft.money_left_recently:
        draft.money_lost = True


def _set_money_lost(draft: ReportDraft, value: str) -> None:
    draft.money_lost = _yes_or_no(value)


def _set_incident(draft: ReportDraft, value: str) -> None:
    draft.incident_period, draft.incident_date = IncidentPeriod(value), None


def _set_consent(draft: ReportDraft, value: str) -> None:
    draft.contact_consent = ContactConsent(value)
    if draft.contact_consent != ContactConsent.PHONE:
        draft.contact_phone = None


def _set_hear_back(draft: ReportDraft, value: str) -> None:
    draft.notify_reporter = _yes_or_no(value)


def _amount_checked(draft: ReportDraft, value: str) -> None:
    if not _yes_or_no(value):
        draft.amount = draft.currency = None


def _yes_or_no(value: str) -> bool:
    if value not in (YES, NO):
        raise ValueError(value)
    return value == YES


def _setter(field: str, vocabulary: type) -> Callable[[ReportDraft, str], None]:
    def apply(draft: ReportDraft, value: str) -> None:
        setattr(draft, field, vocabulary(value))

    return apply


STEPS = {
    str(step.state.state): step
    for step in (
        Step(
            ReportForm.urgent,
            options=lambda _country: [(YES, _("Yes, in the last few hours")), (NO, _("No"))],
            apply=_set_urgent,
        ),
        Step(
            ReportForm.scam_type,
            options=lambda _country: [(code, scam_type_label(code)) for code in ScamType],
            apply=_setter("scam_type", ScamType),
        ),
        Step(
            ReportForm.channel,
            optional=True,
            options=lambda country: [
                (code, contact_channel_label(code)) for code in country_channels(country)
            ],
            per_row=2,
            apply=_setter("contact_channel", ContactChannel),
            skipped=("contact_channel",),
        ),
        Step(
            ReportForm.impersonation,
            optional=True,
            options=lambda _country: [
                (code, impersonated_party_label(code)) for code in ImpersonatedParty
            ],
            per_row=2,
            apply=_setter("impersonated_party", ImpersonatedParty),
            skipped=("impersonated_party",),
        ),
        Step(ReportForm.identifiers, optional=True),
        Step(
            ReportForm.incident,
            optional=True,
            options=lambda _country: [
                (code, incident_period_label(code)) for code in IncidentPeriod
            ],
            per_row=2,
            apply=_set_incident,
            skipped=("incident_period", "incident_date"),
        ),
        Step(
            ReportForm.money_lost,
            options=lambda _country: _yes_no(),
            per_row=2,
            apply=_set_money_lost,
        ),
        Step(ReportForm.amount, optional=True, skipped=("amount", "currency")),
        Step(
            ReportForm.amount_check,
            options=lambda _country: [(YES, _("Yes, right")), (NO, _("No, change it"))],
            per_row=2,
            apply=_amount_checked,
        ),
        Step(
            ReportForm.payment_method,
            optional=True,
            options=lambda country: [
                (code, payment_method_label(code)) for code in country_payment_methods(country)
            ],
            per_row=2,
            apply=_setter("payment_method", PaymentMethod),
            skipped=("payment_method",),
        ),
        Step(
            ReportForm.description, optional=True, skipped=("description", "description_language")
        ),
        Step(ReportForm.evidence, optional=True),
        Step(
            ReportForm.consent,
            options=lambda _country: [(code, consent_label(code)) for code in ContactConsent],
            apply=_set_consent,
        ),
        Step(ReportForm.contact_phone, optional=True),
        Step(
            ReportForm.hear_back,
            options=lambda _country: [
                (YES, _("Yes, tell me")),
                (NO, pgettext("hear back", "No")),
            ],
            per_row=2,
            apply=_set_hear_back,
        ),
        Step(ReportForm.confirm),
    )
}
_ORDER = list(STEPS)


def country_channels(country: Country) -> list[ContactChannel]:
    """The channels people in the country are reached on; its own chat apps after SMS."""
    chat_apps = {
        "TH": [ContactChannel.LINE],
        "VN": [ContactChannel.ZALO],
        "PH": [ContactChannel.MESSENGER, ContactChannel.VIBER],
        "MM": [ContactChannel.VIBER],
    }.get(country.code, [])
    return [
        ContactChannel.PHONE_CALL,
        ContactChannel.SMS,
        *chat_apps,
        ContactChannel.WHATSAPP,
        ContactChannel.TELEGRAM,
        ContactChannel.SOCIAL_MEDIA,
        ContactChannel.WEBSITE,
        ContactChannel.EMAIL,
        ContactChannel.IN_PERSON,
        ContactChannel.OTHER,
    ]


def country_payment_methods(country: Country) -> list[PaymentMethod]:
    """How money is sent in the country: its instant-payment scheme and e-wallets first."""
    local = {
        "MY": [PaymentMethod.DUITNOW],
        "SG": [PaymentMethod.PAYNOW],
        "TH": [PaymentMethod.PROMPTPAY],
        "ID": [PaymentMethod.QRIS],
        "PH": [PaymentMethod.INSTAPAY],
        "VN": [PaymentMethod.VIETQR],
    }.get(country.code, [])
    general = [
        PaymentMethod.BANK_TRANSFER,
        PaymentMethod.EWALLET,
        PaymentMethod.CARD,
        PaymentMethod.CRYPTO,
        PaymentMethod.CASH,
        PaymentMethod.GIFT_CARD,
        PaymentMethod.OTHER,
    ]
    return [general[0], *local, *general[1:]]


def next_state(current: str, draft: ReportDraft) -> State:
    """The step after `current`, given what the draft says so far."""
    if current == ReportForm.incident.state and draft.money_left_recently:
        return ReportForm.amount  # money that left the account is money lost
    if current == ReportForm.money_lost.state and not draft.money_lost:
        return ReportForm.description
    if current == ReportForm.amount.state and not draft.amount_needs_check:
        return ReportForm.payment_method
    if current == ReportForm.amount_check.state and draft.amount is None:
        return ReportForm.amount
    if current == ReportForm.consent.state and draft.contact_consent != ContactConsent.PHONE:
        return ReportForm.hear_back
    return STEPS[_ORDER[_ORDER.index(current) + 1]].state


def step_name(state: str) -> str:
    """The short name a state's buttons carry: "ReportForm:confirm" is "confirm"."""
    return state.rpartition(":")[2]


def state_named(name: str) -> State:
    return STEPS[name].state


def typed_choice(step: Step, country: Country, text: str) -> str | None:
    """The value of the button whose label the person typed instead of tapping it (or a plain
    yes or no for a yes/no question); None when the text is no button's."""
    if step.options is None:
        return None
    options = step.options(country)
    values = {value for value, _label in options}
    if values == {YES, NO} and (is_yes(text) or is_no(text)):
        return YES if is_yes(text) else NO
    typed = _comparable(text)
    if not typed:
        return None
    for value, label in options:
        if _comparable(label) == typed:
            return value
    # The start of a long label: "Fake bank" for "Fake bank or government link".
    starting = [value for value, label in options if _comparable(label).startswith(typed)]
    return starting[0] if len(starting) == 1 and len(typed) >= _MIN_TYPED_START else None


_MIN_TYPED_START = 4
_NOT_LETTERS = re.compile(r"[^\w]+")


def _comparable(text: str) -> str:
    """Letters and digits only, case-folded: emoji, punctuation and spacing do not count."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _NOT_LETTERS.sub(" ", folded).strip()
