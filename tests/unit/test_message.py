import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from jsonschema import ValidationError

from reports.message import SCHEMA_ID, build_report_message, validate_report_message
from storage.models import Evidence, Report, ReportIdentifier

IDEMPOTENCY_KEY = "0f8fad5b-d9cb-469f-a165-70867728950e"
SUBMITTED_AT = datetime(2026, 11, 21, 9, 30, 15, 123456, tzinfo=UTC)


def make_report(**overrides: Any) -> Report:
    fields: dict[str, Any] = {
        "reference": "WSP-7K2M-Q9XD",
        "submission_key": IDEMPOTENCY_KEY,
        "reporter_telegram_id": 555_000_111,
        "status": "received",
        "submitted_at": SUBMITTED_AT,
        "country": "MY",
        "interface_language": "ms",
        "money_left_recently": True,
        "scam_type": "investment",
        "contact_channel": "whatsapp",
        "impersonated_party": "bank",
        "incident_period": "this_week",
        "incident_date": date(2026, 11, 19),
        "money_lost": True,
        "amount": Decimal("5000.50"),
        "currency": "MYR",
        "payment_method": "bank_transfer",
        "description": "Dia janji untung 30% seminggu.",
        "description_language": "ms",
        "contact_consent": "phone",
        "contact_phone": "+60123456789",
        "identifiers": [
            ReportIdentifier(kind="phone", value="+60198765432", origin="deployment"),
            ReportIdentifier(kind="bank_account", value="514012345678", provider="MBB"),
        ],
        "evidence": [
            Evidence(
                kind="photo",
                file_id="AgACAgUAAxkBAAIB",
                file_unique_id="AQADxK8xG",
                size=48_213,
                sha256="a" * 64,
                mime_type="image/jpeg",
                text=None,
            ),
            Evidence(
                kind="forwarded_message",
                file_id=None,
                file_unique_id=None,
                size=27,
                sha256="b" * 64,
                mime_type=None,
                text="Tahniah! Anda menang RM 10k",
            ),
        ],
    }
    fields.update(overrides)
    return Report(**fields)


def build(**overrides: Any) -> dict[str, Any]:
    return build_report_message(make_report(**overrides), IDEMPOTENCY_KEY)


def test_a_full_message_validates_against_the_schema_after_json_transport() -> None:
    message = build()
    transported = json.loads(json.dumps(message))
    validate_report_message(transported)
    assert transported["schema"] == SCHEMA_ID
    assert transported["idempotency_key"] == IDEMPOTENCY_KEY
    assert transported["reference"] == "WSP-7K2M-Q9XD"


def test_a_minimal_message_validates_against_the_schema() -> None:
    message = build(
        money_left_recently=False,
        scam_type="other",
        contact_channel=None,
        impersonated_party=None,
        incident_period=None,
        incident_date=None,
        money_lost=False,
        amount=None,
        currency=None,
        payment_method=None,
        description=None,
        description_language=None,
        contact_consent="none",
        contact_phone=None,
        identifiers=[],
        evidence=[],
    )
    validate_report_message(json.loads(json.dumps(message)))
    assert message["incident"] == {"period": None, "date": None}
    assert message["description"] == {"text": None, "language": None}
    assert message["identifiers"] == []
    assert message["evidence"] == []


def test_the_report_content_is_carried_over() -> None:
    message = build()
    assert message["country"] == "MY"
    assert message["interface_language"] == "ms"
    assert message["money_left_recently"] is True
    assert message["scam_type"] == "investment"
    assert message["contact_channel"] == "whatsapp"
    assert message["impersonated_party"] == "bank"
    assert message["incident"] == {"period": "this_week", "date": "2026-11-19"}
    assert message["identifiers"] == [
        {
            "kind": "phone",
            "value": "+60198765432",
            "provider": None,
            "country": "MY",
            "country_from": "deployment",
        },
        {
            "kind": "bank_account",
            "value": "514012345678",
            "provider": {"code": "MBB", "name": "Maybank"},
            "country": None,
            "country_from": None,
        },
    ]
    assert message["description"] == {"text": "Dia janji untung 30% seminggu.", "language": "ms"}


def test_only_a_forwarded_message_carries_its_text() -> None:
    photo, forwarded = build()["evidence"]
    assert photo == {
        "kind": "photo",
        "file_id": "AgACAgUAAxkBAAIB",
        "file_unique_id": "AQADxK8xG",
        "size": 48_213,
        "sha256": "a" * 64,
        "mime_type": "image/jpeg",
    }
    assert forwarded["text"] == "Tahniah! Anda menang RM 10k"


def test_no_reporter_without_consent_even_when_a_phone_was_given_earlier() -> None:
    message = build(contact_consent="none", contact_phone="+60123456789")
    assert message["consent"] == {"contact": "none"}
    assert message["reporter"] is None
    assert "+60123456789" not in json.dumps(message)
    assert "555000111" not in json.dumps(message)


def test_reporter_reachable_on_telegram() -> None:
    message = build(contact_consent="telegram", contact_phone=None)
    assert message["consent"] == {"contact": "telegram"}
    assert message["reporter"] == {"telegram_user_id": 555_000_111, "phone": None}


def test_reporter_reachable_by_phone() -> None:
    message = build(contact_consent="phone", contact_phone="+60123456789")
    assert message["consent"] == {"contact": "phone"}
    assert message["reporter"] == {"telegram_user_id": 555_000_111, "phone": "+60123456789"}


def test_money_lost_is_null_when_no_money_was_lost() -> None:
    message = build(money_lost=False, amount=None, currency=None, payment_method=None)
    assert message["money_lost"] is None


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        (Decimal("5000.50"), "5000.50"),
        (Decimal("5000"), "5000"),
        (Decimal("5E+3"), "5000"),
        (Decimal("0.01"), "0.01"),
        (Decimal("123456789012345.99"), "123456789012345.99"),
    ],
)
def test_money_lost_carries_the_amount_as_a_decimal_string(amount: Decimal, text: str) -> None:
    message = build(amount=amount, currency="MYR", payment_method="ewallet")
    assert message["money_lost"] == {
        "amount": text,
        "currency": "MYR",
        "payment_method": "ewallet",
    }
    assert Decimal(message["money_lost"]["amount"]) == amount


@pytest.mark.parametrize(
    "submitted_at",
    [
        SUBMITTED_AT,
        SUBMITTED_AT.astimezone(timezone(timedelta(hours=8))),
        SUBMITTED_AT.astimezone(timezone(timedelta(hours=-5))),
    ],
    ids=["utc", "kuala-lumpur-offset", "negative-offset"],
)
def test_submitted_at_is_the_same_instant_written_in_utc(submitted_at: datetime) -> None:
    written = build(submitted_at=submitted_at)["submitted_at"]
    assert written.endswith("Z")
    assert datetime.fromisoformat(written.removesuffix("Z") + "+00:00") == SUBMITTED_AT


def _drop_reference(message: dict[str, Any]) -> None:
    del message["reference"]


def _drop_nested_field(message: dict[str, Any]) -> None:
    del message["incident"]["date"]


def _bad_reference(message: dict[str, Any]) -> None:
    message["reference"] = "WSP-ABCU-EFGH"


def _float_amount(message: dict[str, Any]) -> None:
    message["money_lost"]["amount"] = 5000.5


def _extra_field(message: dict[str, Any]) -> None:
    message["notes"] = "operator only"


def _extra_reporter_field(message: dict[str, Any]) -> None:
    message["reporter"]["name"] = "Ali"


def _unknown_scam_type(message: dict[str, Any]) -> None:
    message["scam_type"] = "pyramid"


def _lowercase_country(message: dict[str, Any]) -> None:
    message["country"] = "my"


def _bad_hash(message: dict[str, Any]) -> None:
    message["evidence"][0]["sha256"] = "not-a-hash"


def _oversized_evidence(message: dict[str, Any]) -> None:
    message["evidence"][0]["size"] = 20 * 1024 * 1024 + 1


def _wrong_schema_version(message: dict[str, Any]) -> None:
    message["schema"] = "waspada.report.v1"


@pytest.mark.parametrize(
    "breakage",
    [
        _drop_reference,
        _drop_nested_field,
        _bad_reference,
        _float_amount,
        _extra_field,
        _extra_reporter_field,
        _unknown_scam_type,
        _lowercase_country,
        _bad_hash,
        _oversized_evidence,
        _wrong_schema_version,
    ],
)
def test_validate_report_message_rejects_a_broken_message(
    breakage: Callable[[dict[str, Any]], None],
) -> None:
    message = build()
    validate_report_message(copy.deepcopy(message))
    breakage(message)
    with pytest.raises(ValidationError):
        validate_report_message(message)
