"""CSV exports: the reports a filter selects (personal data for admins only) and the
confirmed indicators. Cells that a spreadsheet would run as a formula are quoted."""

import csv
import io
import re
from datetime import UTC, datetime

from aiohttp import web

from console.keys import CORE
from console.pages import queue_filter
from console.queries import matching_reports
from console.security import ACCOUNT_KEY
from storage.indicators import CONFIRMED

_PLAIN_NUMBER = re.compile(r"[+-]?[0-9]{1,20}")
REPORT_COLUMNS = [
    "reference",
    "submitted_at",
    "status",
    "country",
    "language",
    "scam_type",
    "contact_channel",
    "impersonated_party",
    "incident_date",
    "money_lost",
    "amount",
    "currency",
    "payment_method",
    "identifiers",
    "evidence_files",
    "duplicate_of",
]
# Only an admin's export carries what identifies or was written by the reporter.
PERSONAL_COLUMNS = ["description", "reporter_telegram_id", "contact_consent", "contact_phone"]


async def reports_csv(request: web.Request) -> web.StreamResponse:
    account = request[ACCOUNT_KEY]
    core = request.app[CORE]
    reports = await matching_reports(
        core.unit_of_work, queue_filter(request.query), core.settings.country
    )
    columns = REPORT_COLUMNS + (PERSONAL_COLUMNS if account.is_admin else [])
    rows = []
    for report in reports:
        row = {
            "reference": report.reference,
            "submitted_at": report.submitted_at.isoformat(),
            "status": report.status,
            "country": report.country,
            "language": report.interface_language,
            "scam_type": report.scam_type,
            "contact_channel": report.contact_channel or "",
            "impersonated_party": report.impersonated_party or "",
            "incident_date": report.incident_date.isoformat() if report.incident_date else "",
            "money_lost": "yes" if report.money_lost else "no",
            "amount": str(report.amount) if report.amount is not None else "",
            "currency": report.currency or "",
            "payment_method": report.payment_method or "",
            "identifiers": " ".join(f"{i.kind}:{i.value}" for i in report.identifiers),
            "evidence_files": str(len(report.evidence)),
            "duplicate_of": report.duplicate_of or "",
            "description": report.description or "",
            "reporter_telegram_id": str(report.reporter_telegram_id),
            "contact_consent": report.contact_consent,
            "contact_phone": report.contact_phone or "",
        }
        rows.append([row[column] for column in columns])
    return _csv("reports", columns, rows)


async def indicators_csv(request: web.Request) -> web.StreamResponse:
    core = request.app[CORE]
    async with core.unit_of_work() as uow:
        listed = await uow.indicators.listed(None, limit=1_000_000)
    columns = ["kind", "value", "source", "first_seen", "last_seen"]
    rows = [
        [i.kind, i.value, i.source, i.first_seen.isoformat(), i.last_seen.isoformat()]
        for i in listed
        if i.status == CONFIRMED
    ]
    return _csv("confirmed-indicators", columns, rows)


def _csv(name: str, columns: list[str], rows: list[list[str]]) -> web.Response:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    writer.writerows([[_inert(cell) for cell in row] for row in rows])
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M")
    return web.Response(
        text=buffer.getvalue(),
        content_type="text/csv",
        charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="waspada-{name}-{stamp}.csv"'},
    )


def _inert(cell: str) -> str:
    """A cell starting with = + - @ (or a tab or return) is read by spreadsheets as a formula:
    a leading apostrophe keeps it text. A plain signed number (an E.164 phone number) stays
    as it is: no spreadsheet runs it, and consumers need it whole."""
    if cell[:1] in ("=", "+", "-", "@", "\t", "\r") and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + cell
    return cell


def add_routes(app: web.Application) -> None:
    app.router.add_get("/export/reports.csv", reports_csv)
    app.router.add_get("/export/indicators.csv", indicators_csv)
