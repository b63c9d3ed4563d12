import json
from datetime import date
from decimal import Decimal

from identifiers.model import Identifier, IdentifierKind
from reports.draft import MAX_IDENTIFIERS, DraftEvidence, DraftIdentifier, ReportDraft
from reports.taxonomy import (
    ContactChannel,
    ContactConsent,
    EvidenceKind,
    ImpersonatedParty,
    IncidentPeriod,
    PaymentMethod,
    ScamType,
)

PHONE = Identifier(IdentifierKind.PHONE, "+60123456789")
URL = Identifier(IdentifierKind.URL, "https://bit.ly/x")
ACCOUNT = Identifier(IdentifierKind.BANK_ACCOUNT, "514012345678")


def accounts(count: int, start: int = 0) -> list[Identifier]:
    return [
        Identifier(IdentifierKind.BANK_ACCOUNT, str(10_000_000 + n))
        for n in range(start, start + count)
    ]


def photo(sha256: str, file_unique_id: str | None = "unique-1") -> DraftEvidence:
    return DraftEvidence(
        kind=EvidenceKind.PHOTO,
        file_id="file-1",
        file_unique_id=file_unique_id,
        size=1024,
        sha256=sha256,
        mime_type="image/jpeg",
    )


def test_add_identifiers_keeps_them_in_order_and_counts_the_new_ones() -> None:
    draft = ReportDraft()
    assert draft.add_identifiers([PHONE, URL]) == 2
    assert draft.identifiers == [
        DraftIdentifier(kind=IdentifierKind.PHONE, value="+60123456789"),
        DraftIdentifier(kind=IdentifierKind.URL, value="https://bit.ly/x"),
    ]


def test_add_identifiers_skips_ones_already_in_the_draft() -> None:
    draft = ReportDraft()
    draft.add_identifiers([PHONE, URL])
    assert draft.add_identifiers([URL, ACCOUNT, PHONE]) == 1
    assert [(item.kind, item.value) for item in draft.identifiers] == [
        (PHONE.kind, PHONE.value),
        (URL.kind, URL.value),
        (ACCOUNT.kind, ACCOUNT.value),
    ]


def test_add_identifiers_skips_repeats_within_one_batch() -> None:
    draft = ReportDraft()
    assert draft.add_identifiers([PHONE, PHONE, ACCOUNT, PHONE]) == 2
    assert len(draft.identifiers) == 2


def test_the_same_value_of_another_kind_is_a_different_identifier() -> None:
    draft = ReportDraft()
    added = draft.add_identifiers(
        [
            Identifier(IdentifierKind.BANK_ACCOUNT, "0123456789"),
            Identifier(IdentifierKind.EWALLET, "0123456789"),
        ]
    )
    assert added == 2


def test_add_identifiers_stops_at_the_cap() -> None:
    draft = ReportDraft()
    assert draft.add_identifiers(accounts(MAX_IDENTIFIERS + 5)) == MAX_IDENTIFIERS
    assert len(draft.identifiers) == MAX_IDENTIFIERS
    assert draft.add_identifiers(accounts(3, start=100)) == 0
    assert len(draft.identifiers) == MAX_IDENTIFIERS


def test_add_identifiers_fills_up_to_the_cap_across_batches() -> None:
    draft = ReportDraft()
    draft.add_identifiers(accounts(MAX_IDENTIFIERS - 1))
    assert draft.add_identifiers([*accounts(1), PHONE, URL]) == 1
    assert draft.identifiers[-1] == DraftIdentifier(kind=PHONE.kind, value=PHONE.value)
    assert len(draft.identifiers) == MAX_IDENTIFIERS


def full_draft() -> ReportDraft:
    draft = ReportDraft(
        money_left_recently=True,
        scam_type=ScamType.INVESTMENT,
        contact_channel=ContactChannel.WHATSAPP,
        impersonated_party=ImpersonatedParty.BANK,
        incident_period=IncidentPeriod.THIS_WEEK,
        incident_date=date(2026, 11, 20),
        money_lost=True,
        amount=Decimal("12345.67"),
        currency="MYR",
        payment_method=PaymentMethod.BANK_TRANSFER,
        description="Dia kata saya menang hadiah, saya bayar RM 12,345.67",
        description_language="ms",
        contact_consent=ContactConsent.PHONE,
        contact_phone="+60123456789",
    )
    draft.add_identifiers([PHONE, URL, ACCOUNT])
    draft.evidence.append(photo("a" * 64))
    draft.evidence.append(
        DraftEvidence(
            kind=EvidenceKind.FORWARDED_MESSAGE, size=12, sha256="b" * 64, text="Tahniah! 🎉"
        )
    )
    return draft


def test_a_draft_survives_a_json_round_trip_unchanged() -> None:
    draft = full_draft()
    stored = json.dumps(draft.model_dump(mode="json"))
    restored = ReportDraft.model_validate(json.loads(stored))
    assert restored == draft
    assert restored.amount == Decimal("12345.67")
    assert isinstance(restored.amount, Decimal)
    assert restored.incident_date == date(2026, 11, 20)
    assert restored.scam_type is ScamType.INVESTMENT
    assert restored.evidence[1].text == "Tahniah! 🎉"


def test_an_empty_draft_keeps_its_submission_key_through_a_round_trip() -> None:
    draft = ReportDraft()
    restored = ReportDraft.model_validate(json.loads(json.dumps(draft.model_dump(mode="json"))))
    assert restored.submission_key == draft.submission_key
    assert restored == draft


def test_each_draft_gets_its_own_submission_key() -> None:
    assert ReportDraft().submission_key != ReportDraft().submission_key


def test_has_evidence_recognises_the_same_file_by_its_unique_id() -> None:
    draft = ReportDraft(evidence=[photo("a" * 64, file_unique_id="unique-1")])
    assert draft.has_evidence("unique-1", "c" * 64)


def test_has_evidence_recognises_the_same_content_by_its_hash() -> None:
    draft = ReportDraft(evidence=[photo("a" * 64, file_unique_id="unique-1")])
    assert draft.has_evidence("unique-2", "a" * 64)
    assert draft.has_evidence(None, "a" * 64)


def test_has_evidence_is_false_for_new_evidence() -> None:
    draft = ReportDraft(evidence=[photo("a" * 64, file_unique_id="unique-1")])
    assert not draft.has_evidence("unique-2", "c" * 64)
    assert not ReportDraft().has_evidence("unique-1", "a" * 64)


def test_two_items_without_file_ids_are_told_apart_by_hash() -> None:
    draft = ReportDraft(
        evidence=[
            DraftEvidence(kind=EvidenceKind.FORWARDED_MESSAGE, size=3, sha256="b" * 64, text="hi")
        ]
    )
    assert not draft.has_evidence(None, "c" * 64)
    assert draft.has_evidence(None, "b" * 64)
