"""Resident memory of `waspada run` with a large indicator store, next to an empty one.

Run from the repository root:

    .venv/bin/python benchmarks/run_memory.py [--rows N] [--checks C]

1. A SQLite file is created and migrated through the project, and N indicators (half phone
   numbers, half links, in their normalised form) are written straight into the project's
   `indicators` table with one sqlite3 executemany; the baseline is a file that does not
   exist yet, which `waspada run` creates and migrates itself.
2. For each file, `.venv/bin/waspada run` runs as a child process against the fake Bot API
   server (tests/support/fake_bot_api.py, in this process). C people, one after another, each
   send one message to check (listed and unlisted numbers and links) and wait for the verdict, so
   real lookups happen. Then VmRSS (resident now) and VmHWM (the peak) are read from
   /proc/<pid>/status, and the bot is stopped with SIGTERM.
3. The table, and the peak against the target (under 300 MB with N indicators). A
   measurement: the exit code is 0 whether or not the target is met, and non-zero only when
   the run itself failed (no verdict, an error reply, or the bot died). Linux only (/proc).

The default (1,000,000 rows, 20 checks) takes well under a minute on two cores.
"""

# ruff: noqa: E402  (the repository root must be on sys.path before the project's imports)

import argparse
import asyncio
import logging
import os
import signal
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
    insert_indicators,
    listed_value,
    listed_values,
    migrate,
    unlisted_value,
)
from identifiers.model import IdentifierKind
from tests.support.fake_bot_api import TOKEN, FakeBotApi
from tests.support.harness import free_port

MAX_PEAK_MB = 300
WAIT_SECONDS = 60
FIRST_USER_ID = 200_000
PHONE, URL = IdentifierKind.PHONE, IdentifierKind.URL
WASPADA = ROOT / ".venv" / "bin" / "waspada"


@dataclass(frozen=True)
class Memory:
    database: str
    resident_mb: float
    peak_mb: float


async def build_database(path: Path, rows: int) -> None:
    await migrate(path)
    insert_indicators(path, listed_values(rows))


def check_messages(rows: int, checks: int) -> list[str]:
    """Synthetic messages: listed and unlisted numbers and links, spread over the store."""
    messages = []
    for index in range(checks):
        number = index * max(1, rows // 2 // checks)
        messages.append(
            [
                f"Is {listed_value(PHONE, number)} a scam?",
                f"Is {unlisted_value(PHONE, number)} a scam?",
                f"Check {listed_value(URL, number)} please",
                f"Check {unlisted_value(URL, number)} please",
            ][index % 4]
        )
    return messages


def memory_of(pid: int) -> tuple[float, float]:
    """VmRSS and VmHWM of a process, in MB."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value
    return (
        int(fields["VmRSS"].split()[0]) / 1024,
        int(fields["VmHWM"].split()[0]) / 1024,
    )


async def measure(name: str, database: Path, messages: list[str], directory: Path) -> Memory:
    api = await FakeBotApi().start()
    environment = {
        **{key: value for key, value in os.environ.items() if not key.startswith("WASPADA_")},
        "WASPADA_BOT_TOKEN": TOKEN,
        "WASPADA_TELEGRAM_API_URL": api.base_url,
        "WASPADA_DATABASE_URL": f"sqlite+aiosqlite:///{database}",
        "WASPADA_HTTP_HOST": "127.0.0.1",
        "WASPADA_HTTP_PORT": str(free_port()),
        "WASPADA_LOG_LEVEL": "WARNING",
    }
    # Started in an empty directory so that no .env file of the developer's is read.
    bot = await asyncio.create_subprocess_exec(
        str(WASPADA), "run", env=environment, cwd=directory, stdout=asyncio.subprocess.DEVNULL
    )
    try:
        # Updates wait in the fake server until the bot, once started, polls for them.
        for index, text in enumerate(messages):
            user_id = FIRST_USER_ID + index
            mark = api.mark()
            api.send_text(user_id, text)
            reply = await api.next_message(user_id, after=mark, seconds=WAIT_SECONDS)
            if "something went wrong" in reply["params"]["text"]:
                raise SystemExit(f"waspada answered check {index} with an error")
        if bot.returncode is not None:
            raise SystemExit(f"waspada run exited with {bot.returncode}")
        resident, peak = memory_of(bot.pid)
        return Memory(name, resident, peak)
    finally:
        if bot.returncode is None:
            bot.send_signal(signal.SIGTERM)
            await asyncio.wait_for(bot.wait(), timeout=WAIT_SECONDS)
        await api.stop()


async def main(rows: int, checks: int) -> None:
    with tempfile.TemporaryDirectory(prefix="waspada-bench-") as name:
        directory = Path(name)
        loaded = directory / "loaded.db"
        started = time.perf_counter()
        await build_database(loaded, rows)
        print(f"built the store of {rows:,} indicators in {time.perf_counter() - started:.1f} s")
        messages = check_messages(rows, checks)
        empty = await measure("empty", directory / "empty.db", messages, directory)
        full = await measure(f"{rows:,} rows", loaded, messages, directory)
    print(f"\n`waspada run` after {checks} checks (memory in MB)\n")
    header = f"{'database':<16} {'VmRSS':>8} {'VmHWM':>8}"
    print(header)
    print("-" * len(header))
    for memory in (empty, full):
        print(f"{memory.database:<16} {memory.resident_mb:>8.1f} {memory.peak_mb:>8.1f}")
    print(
        f"\npeak with {rows:,} indicators: {full.peak_mb:.1f} MB "
        f"(+{full.peak_mb - empty.peak_mb:.1f} MB over empty; target < {MAX_PEAK_MB} MB): "
        f"{'MET' if full.peak_mb < MAX_PEAK_MB else 'MISSED'}"
    )


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--rows", type=int, default=1_000_000, help="indicators in the store")
    parser.add_argument("--checks", type=int, default=20, help="messages to check")
    arguments = parse_with_smoke(parser, rows=1000, checks=2)
    if arguments.rows < 2 or arguments.checks < 1:
        parser.error("--rows must be at least 2 and --checks at least 1")
    return arguments


if __name__ == "__main__":
    logging.getLogger("alembic").setLevel(logging.WARNING)
    arguments = parse_arguments()
    asyncio.run(main(arguments.rows, arguments.checks))
