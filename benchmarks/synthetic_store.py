"""Synthetic indicators written straight into a project database.

The schema comes from the project's migrations; the rows go in with one sqlite3
executemany, because these benchmarks measure checking and memory, not the importer
(benchmarks/feed_import.py measures that).
"""

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from identifiers.model import IdentifierKind
from storage.database import open_database
from storage.indicators import LISTED
from storage.migrate import upgrade_to_head

SOURCE = "benchmark"
# How SQLAlchemy's DateTime keeps a (UTC) timestamp in SQLite.
SEEN = datetime(2026, 11, 22, 12, 0, tzinfo=UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
MAX_ROWS = 20_000_000  # the phone numbers below have room for 10,000,000 of each kind


def listed_value(kind: IdentifierKind, number: int) -> str:
    if kind == IdentifierKind.PHONE:
        return f"+60111{number:07d}"
    return f"http://login.scam-{number}.com/verify?id={number}"


def unlisted_value(kind: IdentifierKind, number: int) -> str:
    if kind == IdentifierKind.PHONE:
        return f"+60112{number:07d}"
    return f"http://login.safe-{number}.com/verify?id={number}"


def per_kind(rows: int) -> dict[IdentifierKind, int]:
    """Half phone numbers, half links."""
    phones = rows // 2
    return {IdentifierKind.PHONE: phones, IdentifierKind.URL: rows - phones}


def listed_values(rows: int) -> Iterator[tuple[IdentifierKind, str]]:
    for kind, count in per_kind(rows).items():
        for number in range(count):
            yield kind, listed_value(kind, number)


def database_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


async def migrate(path: Path) -> None:
    database = open_database(database_url(path))
    try:
        await upgrade_to_head(database.engine)
    finally:
        await database.close()


def insert_indicators(path: Path, pairs: Iterable[tuple[str, str]]) -> None:
    """Lists each (kind, value) once, from the benchmark's own source."""
    with sqlite3.connect(path) as connection:
        connection.executemany(
            "INSERT INTO indicators (kind, value, source, status, first_seen, last_seen, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            ((kind, value, SOURCE, LISTED, SEEN, SEEN, None) for kind, value in pairs),
        )
    connection.close()
