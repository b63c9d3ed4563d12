"""Latency of checking one identifier against a large indicator store, next to plain sqlite3.

Run from the repository root:

    .venv/bin/python benchmarks/indicator_lookup.py [--rows N] [--lookups L]

1. A fresh SQLite file is created and migrated through the project (open_database,
   upgrade_to_head), the shipped allowlist is imported (a deployment has one, and every check
   reads its domains), then N indicators (half phone numbers, half links, already in their
   normalised form) are written straight into the project's `indicators` table with one
   sqlite3 executemany in one transaction. Going around the importer is deliberate: this
   benchmark is about lookups, and benchmarks/feed_import.py measures the importer.
2. The same values go into a plain sqlite3 table in another file
   (`value TEXT PRIMARY KEY` and the listing's columns), the baseline.
3. For each of phones and links, present (hits) and absent (misses): L identifiers at
   random, each checked by the project, `CheckService(...).check_identifiers([one])`,
   the way the bot checks a message, and each looked up in the baseline table with
   `SELECT ... WHERE value = ?`. A warm-up pass of every kind comes first.
4. The table: p50 and p99 of both in microseconds, and the p99 ratio against the target
   (project p99 within 3x of the plain lookup). A measurement: the exit code is 0 whether or
   not the target is met, and non-zero only when the run itself failed (a hit not found).

The default (1,000,000 rows, 2,000 lookups per kind) runs in about a minute on two cores;
--rows 10000000 takes some ten minutes and 2 GB of disk.
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import asyncio
import gc
import logging
import math
import random
import sqlite3
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.smoke import parse_with_smoke
from benchmarks.synthetic_store import (
    MAX_ROWS,
    SEEN,
    SOURCE,
    database_url,
    insert_indicators,
    listed_value,
    listed_values,
    migrate,
    per_kind,
    unlisted_value,
)
from blocklists.allowlist import DEFAULT_ALLOWLIST, import_allowlist
from checking.service import CheckService
from checking.verdicts import Verdict
from identifiers.model import Identifier, IdentifierKind
from storage.database import open_database
from storage.indicators import LISTED
from storage.lookup import open_lookup
from storage.uow import UnitOfWork

MAX_P99_RATIO = 3.0


# The two stores ---------------------------------------------------------------------------


async def build_project_database(path: Path, rows: int) -> None:
    """Migrated and allowlisted through the project; the rows by one direct executemany."""
    await migrate(path)
    database = open_database(database_url(path))
    try:
        await import_allowlist(
            lambda: UnitOfWork(database.sessions), DEFAULT_ALLOWLIST, default_region="MY"
        )
    finally:
        await database.close()
    insert_indicators(path, listed_values(rows))


def build_plain_database(path: Path, rows: int) -> None:
    with sqlite3.connect(path) as connection:
        connection.execute(
            "CREATE TABLE t (value TEXT PRIMARY KEY, kind TEXT, source TEXT, status TEXT,"
            " first_seen TEXT, last_seen TEXT, note TEXT)"
        )
        connection.executemany(
            "INSERT INTO t VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (value, kind, SOURCE, LISTED, SEEN, SEEN, None)
                for kind, value in listed_values(rows)
            ),
        )
    connection.close()


# Measuring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    name: str
    kind: IdentifierKind
    listed: bool
    values: list[str]


@dataclass(frozen=True)
class Timing:
    case: str
    project: list[float]
    plain: list[float]


def percentile_us(seconds: list[float], percent: float) -> float:
    """Nearest-rank percentile, in microseconds."""
    ordered = sorted(seconds)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1] * 1_000_000


def cases(rows: int, lookups: int, chooser: random.Random) -> list[Case]:
    counts = per_kind(rows)
    made = []
    for kind in (IdentifierKind.PHONE, IdentifierKind.URL):
        numbers = [chooser.randrange(counts[kind]) for _ in range(lookups)]
        made.append(Case(f"{kind} hit", kind, True, [listed_value(kind, n) for n in numbers]))
        made.append(Case(f"{kind} miss", kind, False, [unlisted_value(kind, n) for n in numbers]))
    return made


async def time_project(service: CheckService, case: Case) -> list[float]:
    timings = []
    for value in case.values:
        started = time.perf_counter()
        findings = await service.check_identifiers([Identifier(case.kind, value)])
        timings.append(time.perf_counter() - started)
        if (findings[0].verdict == Verdict.CONFIRMED_SCAM) != case.listed:
            raise SystemExit(f"{case.name}: the project judged {value} {findings[0].verdict}")
    return timings


def time_plain(connection: sqlite3.Connection, case: Case) -> list[float]:
    timings = []
    query = "SELECT source, status, first_seen, last_seen, note FROM t WHERE value = ?"
    for value in case.values:
        started = time.perf_counter()
        found = connection.execute(query, (value,)).fetchall()
        timings.append(time.perf_counter() - started)
        if bool(found) != case.listed:
            raise SystemExit(f"{case.name}: the plain table found {len(found)} rows for {value}")
    return timings


async def measure(project_path: Path, plain_path: Path, all_cases: list[Case]) -> list[Timing]:
    database = open_database(database_url(project_path))
    plain = sqlite3.connect(plain_path)
    try:
        with open_lookup(database) as lookup:
            service = CheckService(lookup, "MY")
            for case in all_cases:  # warm-up: connections, statement caches, pages touched
                warm_up = Case(case.name, case.kind, case.listed, case.values[:50])
                await time_project(service, warm_up)
                time_plain(plain, warm_up)
            gc.freeze()  # as `waspada run` does after start-up
            return [
                Timing(case.name, await time_project(service, case), time_plain(plain, case))
                for case in all_cases
            ]
    finally:
        plain.close()
        await database.close()


# The table ------------------------------------------------------------------------------


def print_table(timings: list[Timing], rows: int, lookups: int) -> None:
    print(f"\n{rows:,} indicators, {lookups:,} lookups per case (latency in microseconds)\n")
    header = (
        f"{'case':<12} {'project p50':>12} {'project p99':>12} {'plain p50':>10} "
        f"{'plain p99':>10} {'p99 ratio':>10}  target (<= {MAX_P99_RATIO:g}x)"
    )
    print(header)
    print("-" * len(header))
    for timing in timings:
        project_p99 = percentile_us(timing.project, 99)
        plain_p99 = percentile_us(timing.plain, 99)
        ratio = project_p99 / plain_p99
        print(
            f"{timing.case:<12} {percentile_us(timing.project, 50):>12.1f} {project_p99:>12.1f} "
            f"{percentile_us(timing.plain, 50):>10.1f} {plain_p99:>10.1f} {ratio:>10.1f}  "
            f"{'MET' if ratio <= MAX_P99_RATIO else 'MISSED'}"
        )


async def main(rows: int, lookups: int, seed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="waspada-bench-") as directory:
        project_path = Path(directory) / "waspada.db"
        plain_path = Path(directory) / "plain.db"
        started = time.perf_counter()
        await build_project_database(project_path, rows)
        build_plain_database(plain_path, rows)
        print(f"built both stores in {time.perf_counter() - started:.1f} s")
        all_cases = cases(rows, lookups, random.Random(seed))
        print_table(await measure(project_path, plain_path, all_cases), rows, lookups)


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="indicators in the store")
    parser.add_argument("--lookups", type=int, default=2000, help="lookups per case")
    parser.add_argument("--seed", type=int, default=1, help="seed for picking the values")
    arguments = parse_with_smoke(parser, rows=1000, lookups=20)
    if not 2 <= arguments.rows <= MAX_ROWS or arguments.lookups < 1:
        parser.error(f"--rows must be 2 to {MAX_ROWS:,} and --lookups at least 1")
    return arguments


if __name__ == "__main__":
    logging.getLogger("alembic").setLevel(logging.WARNING)
    arguments = parse_arguments()
    asyncio.run(main(arguments.rows, arguments.lookups, arguments.seed))
