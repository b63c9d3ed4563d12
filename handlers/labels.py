"""How each code of the report taxonomy is called in the user's language."""

from aiogram.utils.i18n import gettext as _

from handlers.context import pgettext
from identifiers.model import IdentifierKind
from identifiers.providers import provider_name
from reports.review import (
    AlreadyDecided,
    BadOriginal,
    NotAnOperator,
    NothingToUndo,
    ReviewError,
    UnknownReport,
    Unreachable,
)
from reports.taxonomy import (
    ContactChannel,
    ContactConsent,
    ImpersonatedParty,
    IncidentPeriod,
    PaymentMethod,
    ReportStatus,
    ScamType,
)


def scam_type_label(code: ScamType) -> str:
    return {
        ScamType.PHISHING: _("Fake bank or government link"),
        ScamType.AUTHORITY_IMPERSONATION: _("Fake police or officials"),
        ScamType.PARCEL: _("Parcel or courier"),
        ScamType.ONLINE_SHOPPING: _("Online shopping"),
        ScamType.INVESTMENT: _("Investment or crypto"),
        ScamType.JOB: _("Job or task scam"),
        ScamType.ROMANCE: _("Romance"),
        ScamType.LOAN: _("Loan"),
        ScamType.PRIZE: _("Prize or lottery"),
        ScamType.FAKE_FRIEND: _("Fake friend or family member"),
        ScamType.ACCOUNT_TAKEOVER: _("Account taken over"),
        ScamType.MALWARE_APP: _("Malicious app (APK)"),
        ScamType.MULE_RECRUITMENT: _("Asked to lend my bank account"),
        ScamType.OTHER: _("Something else"),
    }[code]


def contact_channel_label(code: ContactChannel) -> str:
    return {
        ContactChannel.PHONE_CALL: _("Phone call"),
        ContactChannel.SMS: _("SMS"),
        ContactChannel.WHATSAPP: _("WhatsApp"),
        ContactChannel.TELEGRAM: _("Telegram"),
        # Apps are called by their own names everywhere.
        ContactChannel.LINE: "LINE",
        ContactChannel.ZALO: "Zalo",
        ContactChannel.VIBER: "Viber",
        ContactChannel.MESSENGER: "Messenger",
        ContactChannel.SOCIAL_MEDIA: _("Social media"),
        ContactChannel.WEBSITE: _("Website"),
        ContactChannel.EMAIL: pgettext("contact channel", "Email"),
        ContactChannel.IN_PERSON: _("In person"),
        ContactChannel.OTHER: pgettext("contact channel", "Other"),
    }[code]


def impersonated_party_label(code: ImpersonatedParty) -> str:
    return {
        ImpersonatedParty.BANK: _("A bank"),
        ImpersonatedParty.POLICE_OR_GOVERNMENT: _("Authorities"),
        ImpersonatedParty.COURIER: _("A courier"),
        ImpersonatedParty.EMPLOYER: _("An employer"),
        ImpersonatedParty.FRIEND_OR_FAMILY: _("Friend, family"),
        ImpersonatedParty.ONLINE_SELLER: _("Online seller"),
        ImpersonatedParty.OTHER: _("Someone else"),
        ImpersonatedParty.NOBODY: _("Nobody"),
    }[code]


def payment_method_label(code: PaymentMethod) -> str:
    return {
        PaymentMethod.BANK_TRANSFER: _("Bank transfer"),
        # Each country's instant payment scheme, by its own name.
        PaymentMethod.DUITNOW: "DuitNow",
        PaymentMethod.PAYNOW: "PayNow",
        PaymentMethod.PROMPTPAY: "PromptPay",
        PaymentMethod.QRIS: "QRIS",
        PaymentMethod.INSTAPAY: "InstaPay",
        PaymentMethod.VIETQR: "VietQR",
        PaymentMethod.EWALLET: pgettext("payment method", "E-wallet"),
        PaymentMethod.CARD: _("Card"),
        PaymentMethod.CRYPTO: _("Crypto"),
        PaymentMethod.CASH: _("Cash"),
        PaymentMethod.GIFT_CARD: _("Gift card"),
        PaymentMethod.OTHER: pgettext("payment method", "Other"),
    }[code]


def incident_period_label(code: IncidentPeriod) -> str:
    return {
        IncidentPeriod.TODAY: _("Today"),
        IncidentPeriod.YESTERDAY: _("Yesterday"),
        IncidentPeriod.THIS_WEEK: _("This week"),
        IncidentPeriod.THIS_MONTH: _("This month"),
        IncidentPeriod.EARLIER: _("Earlier"),
    }[code]


def consent_label(code: ContactConsent) -> str:
    return {
        ContactConsent.TELEGRAM: _("Yes, message me on Telegram"),
        ContactConsent.PHONE: _("Yes, call me (share my number)"),
        ContactConsent.NONE: _("No, do not contact me"),
    }[code]


def identifier_kind_label(kind: IdentifierKind) -> str:
    return {
        IdentifierKind.PHONE: _("Phone"),
        IdentifierKind.URL: _("Link"),
        IdentifierKind.EMAIL: pgettext("identifier kind", "Email"),
        IdentifierKind.BANK_ACCOUNT: _("Bank account"),
        IdentifierKind.EWALLET: pgettext("identifier kind", "E-wallet"),
        IdentifierKind.CRYPTO_WALLET: _("Crypto wallet"),
        IdentifierKind.SOCIAL_HANDLE: _("Social media account"),
    }[kind]


def identifier_label(kind: IdentifierKind, provider: str | None) -> str:
    """ "Bank account (Maybank)": the kind, and who holds it when known."""
    label = identifier_kind_label(kind)
    return f"{label} ({provider_name(provider)})" if provider else label


def status_label(status: ReportStatus, *, to_reporter: bool = True) -> str:
    """A report's status, as its reporter or as an operator reads it."""
    waiting = _("Waiting for your answer") if to_reporter else _("Waiting for the reporter")
    return {
        ReportStatus.RECEIVED: _("Received"),
        ReportStatus.NEEDS_INFORMATION: waiting,
        ReportStatus.CONFIRMED: _("Confirmed as a scam"),
        ReportStatus.NOT_A_SCAM: _("Not a scam"),
        ReportStatus.DUPLICATE: _("Already reported"),
    }[status]


def operators_only_text() -> str:
    return _("Only the centre's operators can decide on reports.")


def refusal_text(error: ReviewError) -> str:
    """Why a decision was not taken, in the operator's words (the chat and the console)."""
    if isinstance(error, AlreadyDecided):
        return _("Already decided by someone else: {status}.").format(
            status=status_label(error.status, to_reporter=False)
        )
    if isinstance(error, NotAnOperator):
        return operators_only_text()
    return {
        NothingToUndo: _("There is no decision to undo."),
        BadOriginal: _("That is not another report's reference: nothing was decided."),
        Unreachable: _("The reporter did not agree to be contacted: nothing was asked."),
        UnknownReport: _("There is no such report."),
    }.get(type(error), _("Nothing was decided."))
