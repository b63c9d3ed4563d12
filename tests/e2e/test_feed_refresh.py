"""`waspada run` with WASPADA_FEEDS: the feed is imported at start and a check then knows it."""

import asyncio

from tests.support.fake_bot_api import FakeBotApi
from tests.support.feed_server import FeedServer
from tests.support.harness import Person, running_bot, settings_for

LISTED_URL = "http://wallet-verify.example/claim"
URLHAUS = (
    "# id,dateadded,url,url_status,last_online,threat,tags,urlhaus_link,reporter\n"
    f'"1","2026-11-20 08:00:00","{LISTED_URL}","online","","malware_download","",'
    '"https://urlhaus.abuse.ch/url/1/","anon"\n'
)


async def test_a_configured_feed_is_refreshed_at_start_and_used_by_checks(
    api: FakeBotApi, sqlite_url: str
) -> None:
    async with FeedServer() as feed:
        feed.publish(URLHAUS, '"v1"')
        settings = settings_for(api, sqlite_url, feeds=f"urlhaus={feed.url}")
        async with running_bot(settings) as app:
            # The feed's state is saved last, once its rows are in.
            for _ in range(100):
                async with app.unit_of_work() as uow:
                    if await uow.feeds.get(feed.url):
                        break
                await asyncio.sleep(0.05)
            async with app.unit_of_work() as uow:
                [listing] = await uow.indicators.find("url", LISTED_URL)
                state = await uow.feeds.get(feed.url)
            assert listing.source == "urlhaus"
            assert state is not None
            assert (state.etag, state.last_result) == ('"v1"', "imported")

            person = Person(api, 1400)
            await person.says("/check", expect="Send me the phone number")
            answer = await person.says(LISTED_URL, expect="Confirmed scam")
            assert "urlhaus" in answer["params"]["text"].lower()
    assert len(feed.requests) == 1, "one refresh at start, the next only after the interval"


async def test_an_unreachable_feed_never_stops_the_bot(api: FakeBotApi, sqlite_url: str) -> None:
    async with FeedServer() as feed:
        feed.status = 500
        settings = settings_for(api, sqlite_url, feeds=f"openphish={feed.url}")
        async with running_bot(settings) as app:
            for _ in range(100):
                async with app.unit_of_work() as uow:
                    state = await uow.feeds.get(feed.url)
                if state is not None:
                    break
                await asyncio.sleep(0.05)
            assert state is not None
            assert state.last_result == "failed"
            person = Person(api, 1401)
            await person.says("/check", expect="Send me the phone number")
