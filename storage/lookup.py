"""What the allowlist, the known-bad lists and earlier reports say about one identifier.

A check is a few indexed point reads, on every message a citizen sends. On SQLite they go
through a plain sqlite3 connection of their own, on the event loop: such a read takes
microseconds, less than handing it to aiosqlite's thread and back, and WAL lets it read
beside the bot's writer. PostgreSQL is read through a session. The queries are written once,
as SQLAlchemy statements, and run on either.
"""

import sqlite3
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol

from sqlalchemy import Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from reports.taxonomy import ReportStatus
from storage.database import Database
from storage.models import (
    ALLOWLIST_REVISION,
    AllowlistEntry,
    Indicator,
    Report,
    ReportIdentifier,
    Revision,
)

AnySelect = Select[*tuple[Any, ...]]

_ALLOWLIST: AnySelect = select(AllowlistEntry.kind, AllowlistEntry.value, AllowlistEntry.name)
_ALLOWLIST_REVISION: AnySelect = select(Revision.number).where(Revision.name == ALLOWLIST_REVISION)
# Whether the value is on the allowlist, and how many different people reported it (one
# person's repeats count once; a report the centre found not to be a scam does not count):
# one round trip.
_ALLOWLISTED_AND_REPORTERS: AnySelect = select(
    exists().where(
        AllowlistEntry.kind == bindparam("kind"), AllowlistEntry.value == bindparam("value")
    ),
    select(func.count(func.distinct(Report.reporter_telegram_id)))
    .join(ReportIdentifier, ReportIdentifier.report_id == Report.id)
    .where(
        ReportIdentifier.kind == bindparam("kind"),
        ReportIdentifier.value == bindparam("value"),
        Report.status != ReportStatus.NOT_A_SCAM,
    )
    .scalar_subquery(),
)


@cache
def _listings(keys: int) -> AnySelect:
    """Sources and statuses listing any of `keys` (kind, value) pairs: a link and its domains."""
    return select(Indicator.source, Indicator.status).where(
        or_(
            *(
                and_(
                    Indicator.kind == bindparam(f"kind{i}"),
                    Indicator.value == bindparam(f"value{i}"),
                )
                for i in range(keys)
            )
        )
    )


@dataclass(frozen=True)
class Facts:
    allowlisted: bool
    # (source, status) of every listing of the value, or of what it was looked up with.
    listings: list[tuple[str, str]]
    reporters: int


class _Rows(Protocol):
    async def __call__(self, statement: AnySelect, params: dict[str, Any]) -> Sequence[Any]: ...


class Reader:
    def __init__(self, rows: _Rows) -> None:
        self._rows = rows

    async def allowlist_revision(self) -> int:
        """Changes whenever the allowlist does: a copy read at another revision is stale."""
        [(number,)] = await self._rows(_ALLOWLIST_REVISION, {})
        return int(number)

    async def allowlist(self) -> list[tuple[str, str, str]]:
        """Every (kind, value, name) of the allowlist."""
        return [(kind, value, name) for kind, value, name in await self._rows(_ALLOWLIST, {})]

    async def facts(
        self, kind: str, value: str, listed_with: Sequence[tuple[str, str]] = ()
    ) -> Facts:
        """What is known of `value`; listings of the `listed_with` pairs count as its own
        (a link is listed when a domain it sits under is)."""
        exact = {"kind": kind, "value": value}
        keys = [(kind, value), *listed_with]
        listing_params: dict[str, str] = {}
        for i, (key_kind, key_value) in enumerate(keys):
            listing_params |= {f"kind{i}": key_kind, f"value{i}": key_value}
        [(allowlisted, reporters)] = await self._rows(_ALLOWLISTED_AND_REPORTERS, exact)
        listings = await self._rows(_listings(len(keys)), listing_params)
        return Facts(
            bool(allowlisted), [(source, status) for source, status in listings], reporters
        )


class SessionLookup:
    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self._sessions = sessions

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Reader]:
        async with self._sessions() as session:

            async def rows(statement: AnySelect, params: dict[str, Any]) -> Sequence[Any]:
                rows: Sequence[Any] = (await session.execute(statement, params)).all()
                return rows

            yield Reader(rows)


class SqliteLookup:
    """Reads a SQLite file through sqlite3 on the event loop; see the module's docstring."""

    def __init__(self, path: str) -> None:
        self._path = path
        self._connection: sqlite3.Connection | None = None
        self._dialect = sqlite.dialect()
        self._reader = Reader(self._rows)

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Reader]:
        yield self._reader

    async def _rows(self, statement: AnySelect, params: dict[str, Any]) -> Sequence[Any]:
        sql, names, defaults = _compiled(statement, self._dialect)
        values = defaults | params
        return self._open().execute(sql, [values[name] for name in names]).fetchall()

    def _open(self) -> sqlite3.Connection:
        # Opened on first use: the file exists only once migrations made it.
        if self._connection is None:
            self._connection = sqlite3.connect(f"file:{self._path}?mode=ro", uri=True)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@cache
def _compiled(statement: AnySelect, dialect: Any) -> tuple[str, tuple[str, ...], dict[str, Any]]:
    """The SQL text, its parameters' order and their fixed values (a LIMIT), made once."""
    compiled = statement.compile(dialect=dialect)
    return str(compiled), tuple(compiled.positiontup or ()), dict(compiled.params)


Lookup = SessionLookup | SqliteLookup


@contextmanager
def open_lookup(database: Database) -> Iterator[Lookup]:
    url = database.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        yield SessionLookup(database.sessions)
        return
    lookup = SqliteLookup(str(url.database))
    try:
        yield lookup
    finally:
        lookup.close()
