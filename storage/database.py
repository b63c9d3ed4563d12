"""Engine and session factory; SQLite gets the settings that make an acknowledged write durable."""

import sqlite3
import time
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

WAL_SWITCH_ATTEMPTS = 100


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
    # First, so that the pragmas below wait for another process's lock too.
    cursor.execute("PRAGMA busy_timeout=10000")
    # WAL lets other processes read beside the writer; synchronous=FULL makes a commit
    # survive power loss.
    _switch_to_wal(cursor)
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _switch_to_wal(cursor: Any) -> None:
    """A new database file becomes WAL once, for good. While another process opening it at the
    same moment does the same, SQLite answers "locked" without waiting: try again briefly (this
    blocks only the first start on a new file)."""
    for attempt in range(WAL_SWITCH_ATTEMPTS):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError:
            if attempt == WAL_SWITCH_ATTEMPTS - 1:
                raise
            time.sleep(0.05)


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
