"""The configured feeds, refreshed one after another at start and then on an interval."""

import asyncio
import logging
from collections.abc import Sequence

from blocklists.fetch import Feed, FetchOutcome, FetchResult, fetch_feed
from storage.uow import UnitOfWorkFactory

log = logging.getLogger(__name__)


async def run_feed_refresh(
    unit_of_work: UnitOfWorkFactory,
    feeds: Sequence[Feed],
    *,
    default_region: str,
    interval_seconds: float,
) -> None:
    """Runs until cancelled."""
    while True:
        await refresh_feeds(unit_of_work, feeds, default_region=default_region)
        await asyncio.sleep(interval_seconds)


async def refresh_feeds(
    unit_of_work: UnitOfWorkFactory, feeds: Sequence[Feed], *, default_region: str
) -> None:
    """One feed at a time, so a refresh never holds more than one download or import."""
    for feed in feeds:
        try:
            outcome = await fetch_feed(
                unit_of_work, feed.url, feed.feed_format, default_region=default_region
            )
        except Exception as error:  # e.g. the database is away: the other feeds still get a turn
            log.warning("feed %s from %s: refresh failed (%s)", *_named(feed), type(error).__name__)
        else:
            _log_outcome(feed, outcome)


def _log_outcome(feed: Feed, outcome: FetchOutcome) -> None:
    """Counts and results only: the values themselves are never logged."""
    if outcome.result == FetchResult.FAILED:
        log.warning("feed %s from %s: failed, %s", *_named(feed), outcome.reason)
    elif outcome.result == FetchResult.NOT_MODIFIED:
        log.info("feed %s from %s: not modified", *_named(feed))
    else:
        report = outcome.report
        log.info(
            "feed %s from %s: imported %d (%d new, %d updated), malformed %d, skipped %d",
            *_named(feed),
            report.imported,
            report.new,
            report.updated,
            report.malformed,
            report.skipped,
        )


def _named(feed: Feed) -> tuple[str, str]:
    return feed.feed_format.value, feed.host
