"""Feed files into the indicator store, in batches; a re-import updates, never duplicates."""

import asyncio
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from blocklists.formats import FeedEntry, FeedFormat, Malformed, Skipped, read_feed
from blocklists.normalise import KINDS, normalise
from storage.indicators import IndicatorRow
from storage.models import INDICATOR_SOURCE_LENGTH, INDICATOR_VALUE_LENGTH
from storage.uow import UnitOfWorkFactory

BATCH_SIZE = 1000
_ROWS_BETWEEN_YIELDS = 100
REPORTED_PROBLEMS = 10
_PUBLISHERS = {
    FeedFormat.URLHAUS: "urlhaus",
    FeedFormat.PHISHTANK_CSV: "phishtank",
    FeedFormat.PHISHTANK_JSON: "phishtank",
    FeedFormat.OPENPHISH: "openphish",
}


@dataclass(frozen=True)
class Problem:
    # The line number; "file:line" for a folder of files.
    line: int | str
    reason: str


@dataclass
class ImportReport:
    imported: int = 0
    new: int = 0
    skipped: int = 0
    malformed: int = 0
    # Only the first few: a broken file of millions of lines must not fill the memory.
    first_problems: list[Problem] = field(default_factory=list)

    @property
    def updated(self) -> int:
        return self.imported - self.new

    def count_malformed(self, line: int | str, reason: str) -> None:
        self.malformed += 1
        if len(self.first_problems) < REPORTED_PROBLEMS:
            self.first_problems.append(Problem(line, reason))


def default_source(feed_format: FeedFormat, name: str) -> str:
    """The feed's publisher when the format has one, otherwise `name` (a file's, a host)."""
    return _PUBLISHERS.get(feed_format) or name[:INDICATOR_SOURCE_LENGTH]


async def import_feed(
    unit_of_work: UnitOfWorkFactory,
    path: Path,
    feed_format: FeedFormat,
    *,
    default_region: str,
    source: str | None = None,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> ImportReport:
    """Reads the whole file, counting what cannot be stored instead of stopping at it.

    Each batch commits on its own, so a long import never holds the (SQLite) write lock for
    long. Reading and normalising run in a worker thread, never on the event loop, so the bot
    answers people while a feed of millions of rows comes in; the next batch is read while
    the last one is stored. `now` becomes every row's last_seen, and the first_seen of rows
    without a date.
    """
    now = now or datetime.now(UTC)
    source = source or default_source(feed_format, path.stem)
    report = ImportReport()
    before = await _count(unit_of_work)
    batches = _batches(path, feed_format, source, now, default_region, report, batch_size)
    storing: asyncio.Task[int] | None = None
    while (batch := await asyncio.to_thread(next, batches, None)) is not None:
        if storing is not None:
            report.imported += await storing
        storing = asyncio.create_task(_store(unit_of_work, batch))
    if storing is not None:
        report.imported += await storing
    report.new = await _count(unit_of_work) - before
    return report


def _batches(
    path: Path,
    feed_format: FeedFormat,
    source: str,
    now: datetime,
    region: str,
    report: ImportReport,
    batch_size: int,
) -> Iterator[list[IndicatorRow]]:
    """The feed's rows, normalised, one row per key in each batch (PostgreSQL refuses to
    update a row twice in one statement)."""
    batch: dict[tuple[str, str, str], IndicatorRow] = {}
    for number, item in enumerate(read_feed(path, feed_format)):
        if number % _ROWS_BETWEEN_YIELDS == 0:
            # A CPU-bound thread keeps the GIL for many switch intervals at a time; handing it
            # over now and then keeps the bot's replies on the event loop prompt.
            time.sleep(0)
        if isinstance(item, Malformed):
            report.count_malformed(item.line, item.reason)
        elif isinstance(item, Skipped):
            report.skipped += 1
        else:
            row = _row(item, source, now, region, report)
            if row is not None:
                key = (row.kind, row.value, row.source)
                batch[key] = _merged(batch.get(key), row)
        if len(batch) >= batch_size:
            yield list(batch.values())
            batch = {}
    if batch:
        yield list(batch.values())


def _row(
    entry: FeedEntry, source: str, now: datetime, region: str, report: ImportReport
) -> IndicatorRow | None:
    if entry.kind not in KINDS:
        report.count_malformed(entry.line, "unknown kind")
        return None
    value = normalise(entry.kind, entry.value, region)
    if value is None or len(value) > INDICATOR_VALUE_LENGTH:
        report.count_malformed(entry.line, f"not a valid {entry.kind}")
        return None
    row_source = entry.source or source
    if len(row_source) > INDICATOR_SOURCE_LENGTH:
        report.count_malformed(entry.line, "source name too long")
        return None
    first_seen = min(entry.first_seen or now, now)
    return IndicatorRow(entry.kind, value, row_source, first_seen, now, entry.note)


def _merged(earlier: IndicatorRow | None, later: IndicatorRow) -> IndicatorRow:
    if earlier is None:
        return later
    return IndicatorRow(
        later.kind,
        later.value,
        later.source,
        min(earlier.first_seen, later.first_seen),
        later.last_seen,
        later.note or earlier.note,
    )


async def _store(unit_of_work: UnitOfWorkFactory, rows: list[IndicatorRow]) -> int:
    async with unit_of_work() as uow:
        await uow.indicators.upsert_many(rows)
        await uow.commit()
    return len(rows)


async def _count(unit_of_work: UnitOfWorkFactory) -> int:
    async with unit_of_work() as uow:
        return await uow.indicators.count()
