"""A report being written: what the conversation has collected so far.

Kept as plain JSON in the conversation state, so it survives a restart of the bot.
"""

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from identifiers.model import Identifier, IdentifierKind, PhoneOrigin
from reports.money import Money, is_implausible
from reports.taxonomy import (
    ContactChannel,
    ContactConsent,
    EvidenceKind,
    ImpersonatedParty,
    IncidentPeriod,
    PaymentMethod,
    ScamType,
)

# Telegram bots may download files up to 20 MB; larger ones cannot be hashed or kept.
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
MAX_EVIDENCE_ITEMS = 20
MAX_IDENTIFIERS = 30
MAX_DESCRIPTION_CHARS = 4000
MAX_NOTES = 10


class DraftIdentifier(BaseModel):
    kind: IdentifierKind
    value: str
    provider: str | None = None
    origin: PhoneOrigin | None = None


class DraftEvidence(BaseModel):
    kind: EvidenceKind
    file_id: str | None = None
    file_unique_id: str | None = None
    size: int
    sha256: str
    mime_type: str | None = None
    text: str | None = None


class ReportDraft(BaseModel):
    # Doubles as the queue message's idempotency key: submitting twice stores one report.
    submission_key: str = Field(default_factory=lambda: str(uuid.uuid4()))
    money_left_recently: bool = False
    scam_type: ScamType | None = None
    contact_channel: ContactChannel | None = None
    impersonated_party: ImpersonatedParty | None = None
    identifiers: list[DraftIdentifier] = Field(default_factory=list)
    incident_period: IncidentPeriod | None = None
    incident_date: date | None = None
    money_lost: bool = False
    amount: Decimal | None = None
    currency: str | None = None
    payment_method: PaymentMethod | None = None
    description: str | None = None
    description_language: str | None = None
    evidence: list[DraftEvidence] = Field(default_factory=list)
    contact_consent: ContactConsent = ContactConsent.NONE
    # Tell the reporter what the centre decides.
    notify_reporter: bool = False
    contact_phone: str | None = None
    # What the person wrote at other questions that no button or field took: kept, shown at
    # the description question, and part of the description when the report is sent.
    notes: list[str] = Field(default_factory=list)
    # An unusually large amount, confirmed by the person.
    amount_checked: bool = False

    @property
    def amount_needs_check(self) -> bool:
        if self.amount is None or self.amount_checked:
            return False
        return is_implausible(Money(self.amount, self.currency or ""))

    def add_note(self, text: str) -> None:
        if text and text not in self.notes and len(self.notes) < MAX_NOTES:
            self.notes.append(text[:MAX_DESCRIPTION_CHARS])

    def full_description(self) -> str | None:
        """The description with the notes it does not already hold, within the limit."""
        parts = [
            self.description or "",
            *(n for n in self.notes if n not in (self.description or "")),
        ]
        joined = "\n\n".join(part for part in parts if part)
        return joined[:MAX_DESCRIPTION_CHARS] or None

    @property
    def tag(self) -> str:
        """A short mark of this draft that its buttons carry: a button of another is refused."""
        return self.submission_key[:8]

    def add_identifiers(self, found: list[Identifier]) -> int:
        """Adds the new ones (up to the cap) and returns how many were new."""
        known = {(item.kind, item.value) for item in self.identifiers}
        added = 0
        for identifier in found:
            if len(self.identifiers) >= MAX_IDENTIFIERS:
                break
            if (identifier.kind, identifier.value) not in known:
                self.identifiers.append(
                    DraftIdentifier(
                        kind=identifier.kind,
                        value=identifier.value,
                        provider=identifier.provider,
                        origin=identifier.origin,
                    )
                )
                known.add((identifier.kind, identifier.value))
                added += 1
        return added

    def absorb(self, given: "ReportDraft") -> None:
        """Takes in what another draft holds (given before this report was resumed), without
        overwriting what this one already says."""
        self.add_identifiers(
            [
                Identifier(item.kind, item.value, item.provider, item.origin)
                for item in given.identifiers
            ]
        )
        for note in given.notes:
            self.add_note(note)
        if self.amount is None:
            self.amount, self.currency = given.amount, given.currency
        for item in given.evidence:
            if not self.has_evidence(item.file_unique_id, item.sha256):
                self.evidence.append(item)

    def has_evidence(self, file_unique_id: str | None, sha256: str) -> bool:
        return any(
            (file_unique_id and item.file_unique_id == file_unique_id) or item.sha256 == sha256
            for item in self.evidence
        )
