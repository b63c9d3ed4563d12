"""Shared fixtures: databases (SQLite always, PostgreSQL when it answers), Redis (db 15,
flushed), RabbitMQ (a queue of each test's own) and the Telegram guard."""

import asyncio
import os
import socket
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import aio_pika
import asyncpg
import pytest
from hypothesis import settings
from redis.asyncio import Redis
from redis.exceptions import RedisError

from delivery.amqp import BrokerNames
from storage.database import Database, open_database
from storage.lookup import Lookup, open_lookup
from storage.migrate import upgrade_to_head
from storage.uow import UnitOfWork, UnitOfWorkFactory
from tests.support.broker import delete, unique_names
from tests.support.postgres import fresh_database

# In CI, property tests draw the same examples every run: a failure there is a real
# regression (then kept as an @example), never a new draw that makes the suite flaky.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

TELEGRAM_HOSTS = {"api.telegram.org"}
POSTGRES_ADMIN_DSN = os.environ.get(
    "WASPADA_TEST_POSTGRES_DSN", "postgresql://postgres@127.0.0.1:5432/test"
)
REDIS_TEST_URL = os.environ.get("WASPADA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
AMQP_TEST_URL = os.environ.get("WASPADA_TEST_AMQP_URL", "amqp://guest:guest@127.0.0.1:5672/")


class RealTelegramCalledError(RuntimeError):
    """Not an OSError on purpose: nothing on the way retries it or wraps it as a network fault."""


class TelegramGuard:
    """Refuses every name lookup of Telegram's servers and remembers that one was tried."""

    def __init__(self) -> None:
        self.attempts: list[str] = []


@pytest.fixture(autouse=True)
def telegram_guard(monkeypatch: pytest.MonkeyPatch) -> Iterator[TelegramGuard]:
    guard = TelegramGuard()
    real_getaddrinfo = socket.getaddrinfo

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, bytes):
            host = host.decode()
        if isinstance(host, str) and host.lower().rstrip(".") in TELEGRAM_HOSTS:
            guard.attempts.append(host)
            raise RealTelegramCalledError(f"tests must never reach the real Telegram ({host})")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", guarded)
    yield guard
    if guard.attempts:
        pytest.fail(f"a test tried to reach the real Telegram: {guard.attempts}")


def _postgres_available() -> bool:
    async def probe() -> bool:
        try:
            connection = await asyncpg.connect(POSTGRES_ADMIN_DSN, timeout=3)
        except (OSError, asyncpg.PostgresError, TimeoutError):
            return False
        await connection.close()
        return True

    # Session fixtures may be set up inside a running event loop: probe from a thread.
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, probe()).result()


@pytest.fixture(scope="session")
def postgres_server() -> str:
    if not _postgres_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not answering at {POSTGRES_ADMIN_DSN}; CI must start it")
        pytest.skip(f"PostgreSQL is not answering at {POSTGRES_ADMIN_DSN}")
    return POSTGRES_ADMIN_DSN


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of each kind the project supports."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'waspada.db'}"
        return
    async with fresh_database(request.getfixturevalue("postgres_server")) as url:
        yield url


@pytest.fixture
async def postgres_url(postgres_server: str) -> AsyncIterator[str]:
    """An empty PostgreSQL database, for what only a server database can do (several processes)."""
    async with fresh_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="session")
def rabbitmq_server() -> str:
    async def probe() -> bool:
        try:
            connection = await aio_pika.connect(AMQP_TEST_URL, timeout=3)
        except (OSError, aio_pika.exceptions.AMQPError, TimeoutError):
            return False
        await connection.close()
        return True

    with ThreadPoolExecutor(max_workers=1) as executor:
        answers = executor.submit(asyncio.run, probe()).result()
    if not answers:
        if os.environ.get("CI") == "true":
            pytest.fail(f"RabbitMQ is not answering at {AMQP_TEST_URL}; CI must start it")
        pytest.skip(f"RabbitMQ is not answering at {AMQP_TEST_URL}")
    return AMQP_TEST_URL


@pytest.fixture
async def broker_names(rabbitmq_server: str) -> AsyncIterator[BrokerNames]:
    """An exchange and a queue of this test's own, deleted after it."""
    names = unique_names("waspada.test")
    yield names
    await delete(rabbitmq_server, names)


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite+aiosqlite:///{tmp_path / 'waspada.db'}"


@pytest.fixture
async def database(database_url: str) -> AsyncIterator[Database]:
    opened = open_database(database_url)
    await upgrade_to_head(opened.engine)
    try:
        yield opened
    finally:
        await opened.close()


@pytest.fixture
def lookup(database: Database) -> Iterator[Lookup]:
    """sqlite3 on the loop for a SQLite file, a session for PostgreSQL: each path in turn."""
    with open_lookup(database) as opened:
        yield opened


@pytest.fixture
def unit_of_work(database: Database) -> UnitOfWorkFactory:
    def factory() -> UnitOfWork:
        return UnitOfWork(database.sessions)

    return factory


async def _redis_answers(url: str) -> bool:
    client = Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
    try:
        return bool(await client.ping())
    except (OSError, RedisError, TimeoutError):
        return False
    finally:
        await client.aclose()


@pytest.fixture(scope="session")
def redis_server() -> str:
    # Session fixtures may be set up inside a running event loop: probe from a thread.
    with ThreadPoolExecutor(max_workers=1) as executor:
        answers = executor.submit(asyncio.run, _redis_answers(REDIS_TEST_URL)).result()
    if not answers:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is not answering at {REDIS_TEST_URL}; CI must start it")
        pytest.skip(f"Redis is not answering at {REDIS_TEST_URL}")
    return REDIS_TEST_URL


@pytest.fixture
async def redis_url(redis_server: str) -> AsyncIterator[str]:
    """The test Redis database, empty before and after each test."""
    client = Redis.from_url(redis_server)
    try:
        await client.flushdb()
        yield redis_server
        await client.flushdb()
    finally:
        await client.aclose()
