"""The deployment's allowlist, loaded from kind,value,name[,note] CSV files.

Kinds: the identifier kinds and `domain` (official numbers and domains), `platform` (hosts
where anyone can publish), `international` (names official under every country's suffix) and
`brand` (a brand's other names); checking/officials.py says how each is used.
"""

import csv
from collections.abc import Iterator
from pathlib import Path

from blocklists.importer import ImportReport
from blocklists.normalise import ALLOWLIST_KINDS, normalise
from storage.indicators import AllowlistRow
from storage.uow import UnitOfWorkFactory

# The region's banks, e-wallets, couriers, marketplaces and agencies, one file a country, as
# shipped: scams cross borders, so every deployment knows them all.
DEFAULT_ALLOWLIST = Path(__file__).with_name("data") / "allowlist"
_FIELDS = range(3, 5)


async def import_allowlist(
    unit_of_work: UnitOfWorkFactory, path: Path, *, default_region: str
) -> ImportReport:
    """Adds or renames the entries of a file, or of every CSV file in a folder; an allowlist is
    small, so it is written in one transaction."""
    rows, report = read_allowlist(path, default_region=default_region)
    async with unit_of_work() as uow:
        await uow.allowlist.upsert_many(rows)
        await uow.commit()
    report.imported = len(rows)
    return report


def read_allowlist(path: Path, *, default_region: str) -> tuple[list[AllowlistRow], ImportReport]:
    """The entries of a file or folder, normalised, and what could not be read."""
    report = ImportReport()
    rows: dict[tuple[str, str], AllowlistRow] = {}
    for line, cells in _records(path):
        if cells is None or len(cells) not in _FIELDS:
            report.count_malformed(line, "expected kind,value,name[,note]")
            continue
        kind, raw, name, *note = (cell.strip() for cell in cells)
        value = normalise(kind, raw, default_region) if kind in ALLOWLIST_KINDS else None
        if value is None or not name:
            report.count_malformed(line, f"not a valid {kind} entry")
            continue
        rows[(kind, value)] = AllowlistRow(kind, value, name, note[0] if note else None)
    return list(rows.values()), report


def _records(path: Path) -> Iterator[tuple[str, list[str] | None]]:
    """Each record with where it stands ("my.csv:12"), from one file or a folder's files."""
    for file_path in sorted(path.glob("*.csv")) if path.is_dir() else [path]:
        with file_path.open(encoding="utf-8-sig", errors="replace", newline="") as file:
            for number, text in enumerate(file, 1):
                if not text.strip() or text.startswith("#"):
                    continue
                where = f"{file_path.name}:{number}" if path.is_dir() else str(number)
                try:
                    cells = next(csv.reader([text]))
                except csv.Error:
                    yield where, None
                    continue
                if [cell.strip().lower() for cell in cells[:2]] != ["kind", "value"]:
                    yield where, cells
