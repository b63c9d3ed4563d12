"""The queue message for a submitted report: versioned JSON, checked against its JSON Schema."""

import json
from datetime import UTC, datetime
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

from identifiers.model import IdentifierKind
from identifiers.phones import region_of
from identifiers.providers import provider_name
from reports.taxonomy import ContactConsent, EvidenceKind
from storage.models import Evidence, Report, ReportIdentifier

# Version 2 added who holds each identifier and where a phone number is from. The schema of
# version 1 stays published for consumers of messages written before.
SCHEMA_ID = "waspada.report.v2"
_SCHEMA_FILE = "schema/report.v2.json"
# The event a new report's message announces (a broker's routing key).
SUBMITTED_EVENT = "report.submitted"
# A decision on a report (or its undoing), announced with its own schema.
UPDATE_SCHEMA_ID = "waspada.report-update.v1"
UPDATED_EVENT = "report.updated"
_UPDATE_SCHEMA_FILE = "schema/report-update.v1.json"


@cache
def _validator(schema_file: str) -> Draft202012Validator:
    return Draft202012Validator(
        published_schema(schema_file), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@cache
def published_schema(schema_file: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        files("reports").joinpath(schema_file).read_text(encoding="utf-8")
    )
    return schema


def validate_report_message(message: dict[str, Any]) -> None:
    """Raises jsonschema.ValidationError when the message breaks the published schema."""
    _validator(_SCHEMA_FILE).validate(message)


def validate_update_message(message: dict[str, Any]) -> None:
    _validator(_UPDATE_SCHEMA_FILE).validate(message)


def build_update_message(
    report: Report,
    key: str,
    decision: str,
    previous_status: str,
    decided_at: datetime,
    surface: str,
    question: str | None,
    confirmed: list[tuple[str, str]],
) -> dict[str, Any]:
    message = {
        "schema": UPDATE_SCHEMA_ID,
        "idempotency_key": key,
        "reference": report.reference,
        "decision": decision,
        "status": report.status,
        "previous_status": previous_status,
        "decided_at": decided_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "surface": surface,
        "duplicate_of": report.duplicate_of,
        "question": question,
        "confirmed_identifiers": [{"kind": kind, "value": value} for kind, value in confirmed],
    }
    validate_update_message(message)
    return message


def build_report_message(report: Report, idempotency_key: str) -> dict[str, Any]:
    consented = report.contact_consent != ContactConsent.NONE
    message = {
        "schema": SCHEMA_ID,
        "idempotency_key": idempotency_key,
        "reference": report.reference,
        "submitted_at": report.submitted_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "country": report.country,
        "interface_language": report.interface_language,
        "money_left_recently": report.money_left_recently,
        "scam_type": report.scam_type,
        "contact_channel": report.contact_channel,
        "impersonated_party": report.impersonated_party,
        "incident": {
            "period": report.incident_period,
            "date": report.incident_date.isoformat() if report.incident_date else None,
        },
        "identifiers": [_identifier(identifier) for identifier in report.identifiers],
        "money_lost": _money_lost(report),
        "description": {"text": report.description, "language": report.description_language},
        "evidence": [_evidence(item) for item in report.evidence],
        "consent": {"contact": report.contact_consent},
        "reporter": (
            {"telegram_user_id": report.reporter_telegram_id, "phone": report.contact_phone}
            if consented
            else None
        ),
    }
    validate_report_message(message)
    return message


def _identifier(identifier: ReportIdentifier) -> dict[str, Any]:
    is_number = identifier.kind in (IdentifierKind.PHONE, IdentifierKind.EWALLET)
    provider = identifier.provider
    return {
        "kind": identifier.kind,
        "value": identifier.value,
        "provider": {"code": provider, "name": provider_name(provider)} if provider else None,
        "country": region_of(identifier.value) if is_number else None,
        "country_from": identifier.origin if is_number else None,
    }


def _money_lost(report: Report) -> dict[str, Any] | None:
    if not report.money_lost:
        return None
    return {
        "amount": format(report.amount, "f") if report.amount is not None else None,
        "currency": report.currency,
        "payment_method": report.payment_method,
    }


def _evidence(item: Evidence) -> dict[str, Any]:
    described: dict[str, Any] = {
        "kind": item.kind,
        "file_id": item.file_id,
        "file_unique_id": item.file_unique_id,
        "size": item.size,
        "sha256": item.sha256,
        "mime_type": item.mime_type,
    }
    if item.kind == EvidenceKind.FORWARDED_MESSAGE and item.text is not None:
        described["text"] = item.text
    return described
