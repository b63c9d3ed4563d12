"""Known-bad indicators and the allowlist of official numbers and domains."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ALLOWLIST_REVISION, AllowlistEntry, Indicator, Revision

LISTED = "listed"
CONFIRMED = "confirmed"
# A partner centre's confirmation, where this deployment trusts its word only so far.
REPORTED = "reported"


@dataclass(frozen=True)
class IndicatorRow:
    kind: str
    value: str
    source: str
    first_seen: datetime
    last_seen: datetime
    note: str | None = None


@dataclass(frozen=True)
class AllowlistRow:
    kind: str
    value: str
    name: str
    note: str | None = None


@dataclass(frozen=True)
class Listing:
    """One source's listing of a value."""

    source: str
    status: str
    first_seen: datetime
    last_seen: datetime
    note: str | None


@dataclass(frozen=True)
class ListedIndicator:
    kind: str
    value: str
    source: str
    status: str
    first_seen: datetime
    last_seen: datetime
    note: str | None


@dataclass(frozen=True)
class SourceCount:
    source: str
    kind: str
    count: int


class IndicatorRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert_many(self, rows: Sequence[IndicatorRow]) -> None:
        """Adds new rows; a row already there keeps its status and widens its seen period.

        Rows must be unique by (kind, value, source): PostgreSQL refuses to update one row
        twice in a statement.
        """
        if not rows:
            return
        table = Indicator.__table__
        statement = _insert(self._session)(table)
        excluded = statement.excluded
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.kind, table.c.value, table.c.source],
            set_={
                "first_seen": _earliest(excluded.first_seen, table.c.first_seen),
                "last_seen": _latest(excluded.last_seen, table.c.last_seen),
                "note": func.coalesce(excluded.note, table.c.note),
            },
        )
        await self._session.execute(
            statement,
            [
                {
                    "kind": row.kind,
                    "value": row.value,
                    "source": row.source,
                    "status": LISTED,
                    "first_seen": row.first_seen,
                    "last_seen": row.last_seen,
                    "note": row.note,
                }
                for row in rows
            ],
        )

    async def confirm(self, kind: str, value: str, source: str, note: str, at: datetime) -> None:
        """The centre confirmed it: listed as confirmed under `source` (one per report)."""
        await self.list_as(kind, value, source, CONFIRMED, note, at)

    async def list_as(
        self, kind: str, value: str, source: str, status: str, note: str, at: datetime
    ) -> None:
        """Lists one value under `source` with `status`, or brings that listing up to date."""
        insert = (
            postgresql.insert
            if self._session.get_bind().dialect.name == "postgresql"
            else sqlite.insert
        )
        statement = insert(Indicator).values(
            kind=kind,
            value=value,
            source=source,
            status=status,
            first_seen=at,
            last_seen=at,
            note=note,
        )
        await self._session.execute(
            statement.on_conflict_do_update(
                index_elements=["kind", "value", "source"],
                set_={"status": status, "last_seen": at, "note": note},
            )
        )

    async def withdraw(self, source: str) -> int:
        """Removes every listing of that source (a confirmation undone)."""
        removed = await self._session.execute(
            delete(Indicator).where(Indicator.source == source).returning(Indicator.id)
        )
        return len(removed.all())

    async def remove(self, kind: str, value: str, source: str) -> bool:
        """Removes one source's listing of a value; True when there was one."""
        removed = await self._session.execute(
            delete(Indicator)
            .where(Indicator.kind == kind, Indicator.value == value, Indicator.source == source)
            .returning(Indicator.id)
        )
        return bool(removed.all())

    async def listed(self, values: Sequence[str] | None, limit: int) -> list[ListedIndicator]:
        """Every listing of those values, or the most recently seen ones."""
        query = select(Indicator)
        if values is not None:
            query = query.where(Indicator.value.in_(list(values)))
        rows = await self._session.scalars(
            query.order_by(Indicator.last_seen.desc(), Indicator.id.desc()).limit(limit)
        )
        return [
            ListedIndicator(
                row.kind, row.value, row.source, row.status, row.first_seen, row.last_seen, row.note
            )
            for row in rows
        ]

    async def count(self) -> int:
        return int(await self._session.scalar(select(func.count()).select_from(Indicator)) or 0)

    async def counts_by_source_and_kind(self) -> list[SourceCount]:
        rows = await self._session.execute(
            select(Indicator.source, Indicator.kind, func.count())
            .group_by(Indicator.source, Indicator.kind)
            .order_by(Indicator.source, Indicator.kind)
        )
        return [SourceCount(source, kind, count) for source, kind, count in rows]

    async def find(self, kind: str, value: str) -> list[Listing]:
        """Every source's listing of one value, the first source to list it first."""
        rows = await self._session.execute(
            select(
                Indicator.source,
                Indicator.status,
                Indicator.first_seen,
                Indicator.last_seen,
                Indicator.note,
            )
            .where(Indicator.kind == kind, Indicator.value == value)
            .order_by(Indicator.id)
        )
        return [Listing(*row) for row in rows]


class AllowlistRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def upsert_many(self, rows: Sequence[AllowlistRow]) -> None:
        if not rows:
            return
        table = AllowlistEntry.__table__
        statement = _insert(self._session)(table)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.kind, table.c.value],
            set_={"name": statement.excluded.name, "note": statement.excluded.note},
        )
        await self._session.execute(
            statement,
            [
                {"kind": row.kind, "value": row.value, "name": row.name, "note": row.note}
                for row in rows
            ],
        )
        await self._bump_revision()

    async def _bump_revision(self) -> None:
        """Tells every process that its copy of the allowlist is stale (storage/lookup.py)."""
        await self._session.execute(
            update(Revision)
            .where(Revision.name == ALLOWLIST_REVISION)
            .values(number=Revision.number + 1)
        )

    async def find(self, kind: str, value: str) -> AllowlistRow | None:
        entry = await self._session.scalar(
            select(AllowlistEntry).where(AllowlistEntry.kind == kind, AllowlistEntry.value == value)
        )
        return AllowlistRow(entry.kind, entry.value, entry.name, entry.note) if entry else None

    async def listed(self, values: Sequence[str]) -> list[AllowlistRow]:
        entries = await self._session.scalars(
            select(AllowlistEntry).where(AllowlistEntry.value.in_(list(values))).limit(50)
        )
        return [AllowlistRow(e.kind, e.value, e.name, e.note) for e in entries]

    async def counts_by_kind(self) -> dict[str, int]:
        rows = await self._session.execute(
            select(AllowlistEntry.kind, func.count())
            .group_by(AllowlistEntry.kind)
            .order_by(AllowlistEntry.kind)
        )
        return {kind: int(count) for kind, count in rows}


def _insert(session: AsyncSession) -> Any:
    # Both dialects spell ON CONFLICT the same way, through their own insert().
    if session.get_bind().dialect.name == "postgresql":
        return postgresql.insert
    return sqlite.insert


# LEAST and GREATEST are not portable to SQLite; CASE is.
def _earliest(first: ColumnElement[Any], second: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((first < second, first), else_=second)


def _latest(first: ColumnElement[Any], second: ColumnElement[Any]) -> ColumnElement[Any]:
    return case((first > second, first), else_=second)
