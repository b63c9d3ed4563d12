"""Feeds over real HTTP on each database: conditional GETs, re-imports, failures and limits."""

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from blocklists.fetch import FetchResult, fetch_feed
from blocklists.formats import FeedFormat
from cli.main import main
from storage.uow import UnitOfWorkFactory
from tests.support.feed_server import LAST_MODIFIED, FeedServer
from tests.support.harness import free_port

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
HEADER = "# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n"


def urlhaus(*urls: str) -> str:
    return HEADER + "".join(
        f'"{number}","2026-11-20 08:00:00","{url}","online","","malware_download","",'
        f'"https://urlhaus.abuse.ch/url/{number}/","anon"\n'
        for number, url in enumerate(urls, start=1)
    )


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    async with FeedServer() as running:
        running.publish(urlhaus("http://evil.example/a", "http://bad.example/b"), '"v1"')
        yield running


async def fetch(
    unit_of_work: UnitOfWorkFactory,
    url: str,
    now: datetime = NOW,
    feed_format: FeedFormat = FeedFormat.URLHAUS,
    max_bytes: int = 1024 * 1024,
) -> tuple[FetchResult, int, int, str]:
    outcome = await fetch_feed(
        unit_of_work, url, feed_format, default_region="MY", max_bytes=max_bytes, now=now
    )
    return outcome.result, outcome.report.imported, outcome.report.new, outcome.reason


async def indicator_count(unit_of_work: UnitOfWorkFactory) -> int:
    async with unit_of_work() as uow:
        return await uow.indicators.count()


async def test_first_fetch_imports_and_the_next_asks_whether_it_changed(
    unit_of_work: UnitOfWorkFactory, server: FeedServer
) -> None:
    first = await fetch(unit_of_work, server.url)
    second = await fetch(unit_of_work, server.url, now=NOW + timedelta(hours=1))

    assert first == (FetchResult.IMPORTED, 2, 2, "")
    assert second == (FetchResult.NOT_MODIFIED, 0, 0, "")
    assert [request.if_none_match for request in server.requests] == [None, '"v1"']
    assert server.requests[1].if_modified_since == LAST_MODIFIED
    async with unit_of_work() as uow:
        state = await uow.feeds.get(server.url)
        [listing] = await uow.indicators.find("url", "http://evil.example/a")
    assert state is not None
    assert (state.etag, state.last_modified, state.last_result) == (
        '"v1"',
        LAST_MODIFIED,
        "not_modified",
    )
    assert (state.changed_at, state.checked_at) == (NOW, NOW + timedelta(hours=1))
    # What the import read stays shown until the feed changes.
    assert (state.rows, state.errors) == (2, 0)
    assert listing.source == "urlhaus"
    assert listing.last_seen == NOW, "an unchanged feed is not imported again"


async def test_a_changed_feed_is_imported_again_without_duplicates(
    unit_of_work: UnitOfWorkFactory, server: FeedServer
) -> None:
    await fetch(unit_of_work, server.url)
    server.publish(urlhaus("http://evil.example/a", "http://new.example/c"), '"v2"')

    changed = await fetch(unit_of_work, server.url, now=NOW + timedelta(hours=1))

    assert changed == (FetchResult.IMPORTED, 2, 1, "")
    assert server.requests[-1].if_none_match == '"v1"'
    assert await indicator_count(unit_of_work) == 3
    async with unit_of_work() as uow:
        state = await uow.feeds.get(server.url)
    assert state is not None
    assert (state.etag, state.last_result) == ('"v2"', "imported")


async def test_a_server_error_is_a_recorded_failure_that_keeps_the_validators(
    unit_of_work: UnitOfWorkFactory, server: FeedServer
) -> None:
    await fetch(unit_of_work, server.url)
    server.status = 500

    failed = await fetch(unit_of_work, server.url, now=NOW + timedelta(hours=1))
    server.status = 200
    recovered = await fetch(unit_of_work, server.url, now=NOW + timedelta(hours=2))

    assert failed == (FetchResult.FAILED, 0, 0, "HTTP 500")
    assert recovered[0] == FetchResult.NOT_MODIFIED, "a failure must not force a full download"
    async with unit_of_work() as uow:
        state = await uow.feeds.get(server.url)
    assert state is not None
    assert (state.etag, state.changed_at) == ('"v1"', NOW)


async def test_a_refused_connection_is_a_recorded_failure(
    unit_of_work: UnitOfWorkFactory,
) -> None:
    url = f"http://127.0.0.1:{free_port()}/feed.csv"

    result, imported, _, reason = await fetch(unit_of_work, url)

    assert (result, imported, reason) == (FetchResult.FAILED, 0, "network error (ConnectError)")
    async with unit_of_work() as uow:
        state = await uow.feeds.get(url)
    assert state is not None
    assert (state.last_result, state.etag, state.changed_at) == ("failed", None, None)


@pytest.mark.parametrize("chunked", [False, True], ids=["declared-size", "streamed"])
async def test_an_oversized_feed_is_refused_and_nothing_imported(
    unit_of_work: UnitOfWorkFactory, server: FeedServer, chunked: bool
) -> None:
    server.chunked = chunked
    server.publish(urlhaus(*(f"http://evil.example/{n}" for n in range(2000))), '"big"')

    result, imported, _, reason = await fetch(unit_of_work, server.url, max_bytes=64 * 1024)

    assert (result, imported) == (FetchResult.FAILED, 0)
    assert reason == f"larger than the limit of {64 * 1024} bytes"
    assert await indicator_count(unit_of_work) == 0


async def test_a_list_without_a_publisher_is_named_after_the_host(
    unit_of_work: UnitOfWorkFactory, server: FeedServer
) -> None:
    server.publish("shop.example\nnot a domain!\n", '"d1"')

    outcome = await fetch_feed(
        unit_of_work, server.url, FeedFormat.DOMAINS, default_region="MY", now=NOW
    )

    assert (outcome.result, outcome.report.imported, outcome.report.malformed) == (
        FetchResult.IMPORTED,
        1,
        1,
    )
    async with unit_of_work() as uow:
        [listing] = await uow.indicators.find("domain", "shop.example")
    assert listing.source == "127.0.0.1"


@pytest.fixture
def cli_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.upper().startswith("WASPADA_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("WASPADA_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'cli.db'}")


@pytest.mark.usefixtures("cli_environment")
async def test_cli_imports_a_url_then_reports_it_not_modified(
    server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    command = ["lists", "import", "--format", "urlhaus", server.url]

    # main() runs its own event loop: a thread leaves this one free to serve the feed.
    assert await asyncio.to_thread(main, command) == 0
    first = capsys.readouterr().out
    assert await asyncio.to_thread(main, command) == 0
    second = capsys.readouterr().out
    server.status = 503
    assert await asyncio.to_thread(main, command) == 1
    failed = capsys.readouterr()

    assert first == "imported 2 (2 new, 0 updated), malformed 0, skipped 0 unverified\n"
    assert second == "not modified\n"
    assert failed.err == "waspada: could not fetch the feed: HTTP 503\n"
    assert "example" not in failed.err


@pytest.mark.usefixtures("cli_environment")
def test_cli_refuses_an_allowlist_from_a_url(capsys: pytest.CaptureFixture[str]) -> None:
    url = "https://lists.example/allowlist.csv"

    assert main(["lists", "import", "--format", "allowlist", url]) == 2

    assert capsys.readouterr().err == "waspada: the allowlist is imported from a file, not a URL\n"
