"""The deployment's allowlist of official numbers and domains, loaded from a kind,value,name CSV."""

import csv
from collections.abc import Iterator
from pathlib import Path

from blocklists.importer import ImportReport
from blocklists.normalise import KINDS, normalise
from storage.indicators import AllowlistRow
from storage.uow import UnitOfWorkFactory

# Malaysia's main banks and agencies, as shipped; deployments elsewhere load their own file.
DEFAULT_ALLOWLIST = Path(__file__).with_name("data") / "allowlist_my.csv"
_FIELDS = range(3, 5)


async def import_allowlist(
    unit_of_work: UnitOfWorkFactory, path: Path, *, default_region: str
) -> ImportReport:
    """Adds or renames entries; an allowlist is small, so it is written in one transaction."""
    report = ImportReport()
    rows: dict[tuple[str, str], AllowlistRow] = {}
    for line, cells in _records(path):
        if cells is None or len(cells) not in _FIELDS:
            report.count_malformed(line, "expected kind,value,name[,note]")
            continue
        kind, raw, name, *note = (cell.strip() for cell in cells)
        value = normalise(kind, raw, default_region) if kind in KINDS else None
        if value is None or not name:
            report.count_malformed(line, f"not a valid {kind} entry")
            continue
        rows[(kind, value)] = AllowlistRow(kind, value, name, note[0] if note else None)
    async with unit_of_work() as uow:
        await uow.allowlist.upsert_many(list(rows.values()))
        await uow.commit()
    report.imported = len(rows)
    return report


def _records(path: Path) -> Iterator[tuple[int, list[str] | None]]:
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
        for number, text in enumerate(file, 1):
            if not text.strip() or text.startswith("#"):
                continue
            try:
                cells = next(csv.reader([text]))
            except csv.Error:
                yield number, None
                continue
            if [cell.strip().lower() for cell in cells[:2]] != ["kind", "value"]:
                yield number, cells
