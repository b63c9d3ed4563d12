"""`waspada share export`: the shared collection as one file."""

import json
from datetime import UTC, date, datetime
from enum import StrEnum

from sharing.formats import csv_text, misp_event, stix_bundle
from sharing.ledger import sync_shared
from storage.uow import UnitOfWorkFactory

EVERYTHING = 1_000_000_000


class ExportFormat(StrEnum):
    STIX = "stix"
    MISP = "misp"
    CSV = "csv"


async def export_text(
    unit_of_work: UnitOfWorkFactory,
    centre: str,
    tlp: str,
    export_format: ExportFormat,
    since: date | None = None,
) -> str:
    now = datetime.now(UTC)
    await sync_shared(unit_of_work, centre, now)
    start = datetime(since.year, since.month, since.day, tzinfo=UTC) if since else None
    async with unit_of_work() as uow:
        rows = await uow.sharing.versions_after(None, EVERYTHING, since=start)
    if export_format == ExportFormat.STIX:
        return json.dumps(stix_bundle(rows, centre, tlp), indent=2)
    if export_format == ExportFormat.MISP:
        return json.dumps(misp_event(rows, centre, tlp), indent=2)
    return csv_text(rows, centre)
