"""What each feed URL answered last: its validators for the next conditional GET and the result."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FeedState


@dataclass(frozen=True)
class FeedStateRow:
    url: str
    etag: str | None
    last_modified: str | None
    checked_at: datetime
    changed_at: datetime | None
    last_result: str
    rows: int | None = None
    errors: int | None = None


class FeedStateRepository:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def all(self) -> list[FeedStateRow]:
        states = await self._session.scalars(select(FeedState).order_by(FeedState.url))
        return [
            FeedStateRow(
                s.url,
                s.etag,
                s.last_modified,
                s.checked_at,
                s.changed_at,
                s.last_result,
                s.rows,
                s.errors,
            )
            for s in states
        ]

    async def get(self, url: str) -> FeedStateRow | None:
        state = await self._session.get(FeedState, url)
        if state is None:
            return None
        return FeedStateRow(
            state.url,
            state.etag,
            state.last_modified,
            state.checked_at,
            state.changed_at,
            state.last_result,
            state.rows,
            state.errors,
        )

    async def save(self, row: FeedStateRow) -> None:
        """Inserts the URL's state or replaces it."""
        await self._session.merge(
            FeedState(
                url=row.url,
                etag=row.etag,
                last_modified=row.last_modified,
                checked_at=row.checked_at,
                changed_at=row.changed_at,
                last_result=row.last_result,
                rows=row.rows,
                errors=row.errors,
            )
        )
