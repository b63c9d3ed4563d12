"""Rows per second of importing a URLhaus feed, next to a plain sqlite3 import of the same file.

Run from the repository root:

    .venv/bin/python benchmarks/feed_import.py [--rows N]

1. A URLhaus CSV dump of N distinct links is written (the published layout: the comment
   header, then nine quoted fields a row; links on IP addresses with ports and on names).
2. The project imports it, `import_feed(..., FeedFormat.URLHAUS)`, into a fresh SQLite file
   created and migrated through the project (WAL, synchronous=FULL, as `waspada run` uses).
3. The baseline reads the same file with the csv module (skipping comments, parsing the date)
   and inserts every row with one sqlite3 executemany, in one transaction, into a plain table
   with a unique index on the link, in another file with the same journal settings. It does
   not normalise the links: that is part of what the project's figure pays for.
4. Rows/s of both and the ratio against the target (project at least half the plain rate).
   A measurement: the exit code is 0 whether or not the target is met, and non-zero only when
   the run itself failed (rows missing after the import).

At 1,000,000 rows (the default) a run takes a minute or two on two cores.
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import asyncio
import csv
import logging
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.smoke import parse_with_smoke
from blocklists.formats import FeedFormat
from blocklists.importer import import_feed
from storage.database import open_database
from storage.migrate import upgrade_to_head
from storage.uow import UnitOfWork

MIN_RATIO = 0.5
HEADER = (
    "################################################################\n"
    "# abuse.ch URLhaus Database Dump (CSV - recent URLs)            #\n"
    "################################################################\n"
    "#\n"
    "# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n"
)
FIRST_ADDED = datetime(2026, 1, 1, tzinfo=UTC)


def synthetic_link(number: int) -> str:
    if number % 3 == 0:  # malware hosts on bare addresses, as much of URLhaus is
        address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        return f"http://{address}:8080/bins/m{number}.elf"
    return f"https://parcel-{number}.example/track/{number}?ref=sms"


def write_urlhaus_feed(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(HEADER)
        for number in range(rows):
            added = (FIRST_ADDED + timedelta(seconds=number)).strftime("%Y-%m-%d %H:%M:%S")
            tags = "elf,mozi" if number % 3 == 0 else ""
            file.write(
                f'"{number}","{added}","{synthetic_link(number)}","online","",'
                f'"malware_download","{tags}","https://urlhaus.abuse.ch/url/{number}/",'
                '"anonymous"\n'
            )


async def project_import(feed: Path, database: Path) -> tuple[float, int]:
    """Seconds taken by import_feed, and the rows it reports imported."""
    opened = open_database(f"sqlite+aiosqlite:///{database}")
    try:
        await upgrade_to_head(opened.engine)
        started = time.perf_counter()
        report = await import_feed(
            lambda: UnitOfWork(opened.sessions), feed, FeedFormat.URLHAUS, default_region="MY"
        )
        return time.perf_counter() - started, report.imported
    finally:
        await opened.close()


def plain_import(feed: Path, database: Path) -> tuple[float, int]:
    """Seconds taken by csv + one executemany in one transaction, and the rows stored."""
    connection = sqlite3.connect(database, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, url TEXT NOT NULL UNIQUE,"
            " first_seen TEXT NOT NULL, note TEXT)"
        )
        started = time.perf_counter()
        with feed.open(encoding="utf-8", newline="") as file:
            records = csv.reader(line for line in file if not line.startswith("#"))
            connection.execute("BEGIN")
            connection.executemany(
                "INSERT INTO t (url, first_seen, note) VALUES (?, ?, ?)",
                (
                    (url, datetime.fromisoformat(added).isoformat(), threat)
                    for _id, added, url, _status, _online, threat, *_rest in records
                ),
            )
            connection.execute("COMMIT")
        seconds = time.perf_counter() - started
        stored = connection.execute("SELECT count(*) FROM t").fetchone()[0]
        return seconds, int(stored)
    finally:
        connection.close()


async def main(rows: int) -> None:
    with tempfile.TemporaryDirectory(prefix="waspada-bench-") as directory:
        feed = Path(directory) / "urlhaus.csv"
        write_urlhaus_feed(feed, rows)
        size_mb = feed.stat().st_size / 1_000_000
        project_seconds, imported = await project_import(feed, Path(directory) / "waspada.db")
        plain_seconds, stored = plain_import(feed, Path(directory) / "plain.db")
    if imported != rows or stored != rows:
        raise SystemExit(f"expected {rows} rows, the project imported {imported}, plain {stored}")
    project_rate, plain_rate = rows / project_seconds, rows / plain_seconds
    ratio = project_rate / plain_rate
    print(f"\nURLhaus feed of {rows:,} rows ({size_mb:.0f} MB)\n")
    header = f"{'import':<8} {'seconds':>8} {'rows/s':>10}"
    print(header)
    print("-" * len(header))
    print(f"{'project':<8} {project_seconds:>8.1f} {project_rate:>10,.0f}")
    print(f"{'plain':<8} {plain_seconds:>8.1f} {plain_rate:>10,.0f}")
    print(
        f"\nrate ratio project/plain: {ratio:.2f} (target >= {MIN_RATIO}): "
        f"{'MET' if ratio >= MIN_RATIO else 'MISSED'}"
    )


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the feed")
    arguments = parse_with_smoke(parser, rows=1000)
    if arguments.rows < 1:
        parser.error("--rows must be at least 1")
    return arguments


if __name__ == "__main__":
    logging.getLogger("alembic").setLevel(logging.WARNING)
    asyncio.run(main(parse_arguments().rows))
