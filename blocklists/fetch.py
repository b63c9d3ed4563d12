"""Feeds over HTTP: a conditional GET, streamed into a bounded temporary file, then imported.

The ETag and Last-Modified of the last import go back with the next request, so an unchanged
feed costs one short answer and no import. A failure is a result, never an exception: a
schedule goes on with the next feed.
"""

import asyncio
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import IO

import httpx

from blocklists.formats import FeedFormat
from blocklists.importer import ImportReport, default_source, import_feed
from storage.feeds import FeedStateRow
from storage.models import (
    FEED_ETAG_LENGTH,
    FEED_LAST_MODIFIED_LENGTH,
    FEED_URL_LENGTH,
)
from storage.uow import UnitOfWorkFactory

MAX_FEED_BYTES = 256 * 1024 * 1024
TIMEOUT = httpx.Timeout(30.0)
_CHUNK_BYTES = 64 * 1024
_USER_AGENT = "waspada-feed-refresh"


class FetchResult(StrEnum):
    IMPORTED = "imported"
    NOT_MODIFIED = "not_modified"
    FAILED = "failed"


@dataclass(frozen=True)
class Feed:
    """A feed to keep refreshed: its format and where it is published."""

    feed_format: FeedFormat
    url: str

    @property
    def host(self) -> str:
        """Fit for logs, unlike the whole URL: some publishers put an API key in the path."""
        return httpx.URL(self.url).host


@dataclass(frozen=True)
class FetchOutcome:
    result: FetchResult
    report: ImportReport = field(default_factory=ImportReport)  # empty unless imported
    reason: str = ""  # why it failed; never the URL


class FeedRefusedError(Exception):
    """The publisher answered, but not with a feed to import."""


def is_feed_url(text: str) -> bool:
    """An http or https URL short enough to keep its state in feed_states."""
    return text.lower().startswith(("http://", "https://")) and len(text) <= FEED_URL_LENGTH


def url_source(url: str, feed_format: FeedFormat) -> str:
    """The feed's publisher when the format has one, otherwise the URL's host."""
    return default_source(feed_format, httpx.URL(url).host)


async def fetch_feed(
    unit_of_work: UnitOfWorkFactory,
    url: str,
    feed_format: FeedFormat,
    *,
    default_region: str,
    source: str | None = None,
    max_bytes: int = MAX_FEED_BYTES,
    now: datetime | None = None,
) -> FetchOutcome:
    """Fetches `url` unless unchanged since the last import, imports it and records the result."""
    if not is_feed_url(url):
        raise ValueError(f"not an http or https URL of at most {FEED_URL_LENGTH} characters")
    now = now or datetime.now(UTC)
    # No session stays open across the download: SQLite has one connection, and the import
    # opens its own transactions.
    async with unit_of_work() as uow:
        previous = await uow.feeds.get(url)
    with tempfile.NamedTemporaryFile(prefix="waspada-feed-") as download:
        try:
            response = await _download(url, previous, download, max_bytes)
        except (httpx.HTTPError, FeedRefusedError) as error:
            outcome = FetchOutcome(FetchResult.FAILED, reason=_reason(error))
            state = _checked_again(url, previous, now, outcome.result)
        else:
            if response.status_code == httpx.codes.NOT_MODIFIED:
                outcome = FetchOutcome(FetchResult.NOT_MODIFIED)
                state = _checked_again(url, previous, now, outcome.result, response)
            else:
                report = await import_feed(
                    unit_of_work,
                    Path(download.name),
                    feed_format,
                    default_region=default_region,
                    source=source or url_source(url, feed_format),
                    now=now,
                )
                outcome = FetchOutcome(FetchResult.IMPORTED, report)
                state = _changed(url, response, now, report)
    async with unit_of_work() as uow:
        await uow.feeds.save(state)
        await uow.commit()
    return outcome


async def _download(
    url: str, previous: FeedStateRow | None, destination: IO[bytes], max_bytes: int
) -> httpx.Response:
    """The response; unless it is a 304, its body is written to `destination`."""
    async with (
        httpx.AsyncClient(
            timeout=TIMEOUT, follow_redirects=True, headers={"User-Agent": _USER_AGENT}
        ) as client,
        client.stream("GET", url, headers=_conditions(previous)) as response,
    ):
        if response.status_code == httpx.codes.NOT_MODIFIED:
            return response
        if not response.is_success:
            raise FeedRefusedError(f"HTTP {response.status_code}")
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise FeedRefusedError(_too_large(max_bytes))
        size = 0
        # Counted after decompression, so a small compressed bomb is refused as well.
        async for chunk in response.aiter_bytes(_CHUNK_BYTES):
            size += len(chunk)
            if size > max_bytes:
                raise FeedRefusedError(_too_large(max_bytes))
            await asyncio.to_thread(destination.write, chunk)
    await asyncio.to_thread(destination.flush)
    return response


def _conditions(previous: FeedStateRow | None) -> dict[str, str]:
    conditions: dict[str, str] = {}
    if previous and previous.etag:
        conditions["If-None-Match"] = previous.etag
    if previous and previous.last_modified:
        conditions["If-Modified-Since"] = previous.last_modified
    return conditions


def _changed(
    url: str, response: httpx.Response, now: datetime, report: ImportReport
) -> FeedStateRow:
    return FeedStateRow(
        url,
        _validator(response.headers, "etag", FEED_ETAG_LENGTH),
        _validator(response.headers, "last-modified", FEED_LAST_MODIFIED_LENGTH),
        checked_at=now,
        changed_at=now,
        last_result=FetchResult.IMPORTED,
        rows=report.imported,
        errors=report.malformed,
    )


def _checked_again(
    url: str,
    previous: FeedStateRow | None,
    now: datetime,
    result: FetchResult,
    response: httpx.Response | None = None,
) -> FeedStateRow:
    """Keeps the validators of the last import, so a failure never forces a full download."""
    headers = response.headers if response else httpx.Headers()
    etag = _validator(headers, "etag", FEED_ETAG_LENGTH)
    last_modified = _validator(headers, "last-modified", FEED_LAST_MODIFIED_LENGTH)
    return FeedStateRow(
        url,
        etag or (previous.etag if previous else None),
        last_modified or (previous.last_modified if previous else None),
        checked_at=now,
        changed_at=previous.changed_at if previous else None,
        last_result=result,
        # What the last import read stays until the next import.
        rows=previous.rows if previous else None,
        errors=previous.errors if previous else None,
    )


def _validator(headers: httpx.Headers, name: str, limit: int) -> str | None:
    # A cut-off validator would never match again: one that does not fit is not kept.
    value = headers.get(name)
    return value if value and len(value) <= limit else None


def _too_large(max_bytes: int) -> str:
    return f"larger than the limit of {max_bytes} bytes"


def _reason(error: Exception) -> str:
    if isinstance(error, FeedRefusedError):
        return str(error)
    # The class says enough (ConnectError, ReadTimeout); httpx's messages may hold the URL.
    return f"network error ({type(error).__name__})"
