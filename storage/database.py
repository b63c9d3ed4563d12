"""Engine and session factory; SQLite gets the settings that make an acknowledged write durable."""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Connection
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.migrate import upgrade_to_head


class DatabaseUnavailableError(Exception):
    """The database could not be opened or migrated; the message names the cause, never the
    URL (it may hold a password)."""


@dataclass
class Database:
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]

    async def close(self) -> None:
        await self.engine.dispose()


def open_database(url: str) -> Database:
    if url.startswith("sqlite"):
        # SQLite has one writer at a time. One connection, queued for in asyncio, beats
        # several connections spinning on the file lock; callers never hold two sessions.
        engine = create_async_engine(url, pool_size=1, max_overflow=0, pool_timeout=60)
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _begin_immediate)
    else:
        engine = create_async_engine(url, pool_pre_ping=True)
    return Database(engine, async_sessionmaker(engine, expire_on_commit=False))


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Transactions are begun by _begin_immediate, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets other processes read beside the writer; synchronous=FULL makes a commit
    # survive power loss.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Take the write lock up front: a transaction that reads and then writes could otherwise
    # fail when another process wrote in between.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


async def open_migrated(url: str) -> Database:
    """The database, migrated to the newest schema; DatabaseUnavailableError when it cannot be
    reached or written (a missing directory, a server that is down)."""
    database = open_database(url)
    try:
        await upgrade_to_head(database.engine)
    except (OSError, SQLAlchemyError) as error:
        await database.close()
        raise DatabaseUnavailableError(_cause(error)) from error
    return database


def _cause(error: BaseException) -> str:
    cause = error.orig if isinstance(error, DBAPIError) and error.orig is not None else error
    first_line = (str(cause).splitlines() or [""])[0]
    return f"{type(cause).__name__}: {first_line}" if first_line else type(cause).__name__
