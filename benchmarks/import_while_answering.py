"""How fast the bot answers people while a large feed is imported inside the same process.

Run from the repository root:

    .venv/bin/python benchmarks/import_while_answering.py [--rows N] [--checks N]

1. A URLhaus feed of N rows is written (benchmarks/feed_import.py's layout).
2. The real bot runs against the fake Bot API server, as `waspada run` does. One person
   sends checks ("is this number a scam?") one after another, each waiting for its answer;
   the latency of each answer is taken from the server's clock.
3. First with nothing else going on (the baseline), then while the feed is imported in the
   same event loop, as the feed refresh inside `waspada run` imports it.
4. p50 and p99 of both; target: p99 under 100 ms during the import.

A measurement: the exit code is 0 whether or not the target is met.
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import asyncio
import logging
import math
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.feed_import import write_urlhaus_feed
from benchmarks.smoke import parse_with_smoke
from blocklists.formats import FeedFormat
from blocklists.importer import import_feed
from tests.support.fake_bot_api import FakeBotApi
from tests.support.harness import Person, running_bot, settings_for

MAX_P99_MS = 100.0
USER_ID = 4242


def percentile_ms(seconds: list[float], percent: float) -> float:
    ordered = sorted(seconds)
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1] * 1000


async def answer_times(api: FakeBotApi, checks: int) -> list[float]:
    person = Person(api, USER_ID)
    latencies = []
    for number in range(checks):
        text = f"012-345 {number % 10000:04d}"
        mark = api.mark()
        pushed = api.send_text(USER_ID, text)["update_id"]
        reply = await api.next_message(USER_ID, mark, containing="+60", seconds=30)
        answered = next(call.at for call in api.sent(USER_ID) if call.params is reply["params"])
        latencies.append(answered - api.pushed_at[pushed])
        person.last = reply
    return latencies


async def main(rows: int, checks: int) -> None:
    api = await FakeBotApi().start()
    try:
        with tempfile.TemporaryDirectory(prefix="waspada-bench-") as directory:
            folder = Path(directory)
            feed = folder / "urlhaus.csv"
            write_urlhaus_feed(feed, rows)
            settings = settings_for(api, f"sqlite+aiosqlite:///{folder / 'waspada.db'}")
            async with running_bot(settings) as app:
                await Person(api, USER_ID).says("/start", expect="Choose your language")
                quiet = await answer_times(api, checks)
                started = time.perf_counter()
                importing = asyncio.create_task(
                    import_feed(app.unit_of_work, feed, FeedFormat.URLHAUS, default_region="MY")
                )
                busy = await answer_times(api, checks)
                report = await importing
                imported_in = time.perf_counter() - started
    finally:
        await api.stop()
    print(f"\n{checks} checks answered, before and while importing {rows:,} rows\n")
    print("while            p50 ms   p99 ms")
    print("----------------------------------")
    for name, times in (("nothing else", quiet), ("importing", busy)):
        print(f"{name:<14} {percentile_ms(times, 50):8.1f} {percentile_ms(times, 99):8.1f}")
    print(f"\nimport: {report.imported:,} rows in {imported_in:.1f} s")
    met = percentile_ms(busy, 99) < MAX_P99_MS
    print(f"p99 while importing (target < {MAX_P99_MS:g} ms): {'MET' if met else 'MISSED'}")


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="rows in the feed")
    parser.add_argument("--checks", type=int, default=200, help="checks to answer each time")
    return parse_with_smoke(parser, rows=2000, checks=5)


if __name__ == "__main__":
    logging.getLogger("aiogram").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)
    arguments = parse_arguments()
    asyncio.run(main(arguments.rows, arguments.checks))
