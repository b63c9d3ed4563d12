"""A complete report draft, as a person leaves it at "Submit"."""

from datetime import date
from decimal import Decimal
from typing import Any

from identifiers.model import IdentifierKind
from reports.draft import DraftEvidence, DraftIdentifier, ReportDraft
from reports.taxonomy import (
    ContactChannel,
    ContactConsent,
    EvidenceKind,
    ImpersonatedParty,
    IncidentPeriod,
    PaymentMethod,
    ScamType,
)


def complete_draft(**overrides: Any) -> ReportDraft:
    """A complete phishing draft, with evidence and a description; keyword arguments replace
    its fields."""
    fields: dict[str, Any] = {
        "scam_type": ScamType.PHISHING,
        "money_left_recently": True,
        "contact_channel": ContactChannel.SMS,
        "impersonated_party": ImpersonatedParty.BANK,
        "identifiers": [
            DraftIdentifier(kind=IdentifierKind.PHONE, value="+60123456789"),
            DraftIdentifier(
                kind=IdentifierKind.URL, value="https://maybank2u-secure.example/login"
            ),
        ],
        "incident_period": IncidentPeriod.TODAY,
        "incident_date": date(2026, 11, 20),
        "money_lost": True,
        "amount": Decimal("1500.50"),
        "currency": "MYR",
        "payment_method": PaymentMethod.BANK_TRANSFER,
        "description": "Dapat SMS kononnya dari bank, akaun saya disekat.",
        "description_language": "ms",
        "evidence": [
            DraftEvidence(
                kind=EvidenceKind.PHOTO,
                file_id="AgACAgIAAxkBAAI",
                file_unique_id="AQADunique1",
                size=48_213,
                sha256="a" * 64,
                mime_type="image/jpeg",
            ),
            DraftEvidence(
                kind=EvidenceKind.FORWARDED_MESSAGE,
                size=57,
                sha256="b" * 64,
                text="Akaun anda disekat. Log masuk di https://maybank2u-secure.example/login",
            ),
        ],
        "contact_consent": ContactConsent.TELEGRAM,
    }
    fields.update(overrides)
    return ReportDraft(**fields)
