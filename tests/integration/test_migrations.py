"""Alembic migrations build exactly the schema the models describe, on every database."""

import asyncio
import uuid
from datetime import timedelta
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from reports.message import SCHEMA_ID, SUBMITTED_EVENT
from storage.database import Database, open_database
from storage.migrate import alembic_config, upgrade_to_head
from storage.models import Base
from storage.uow import UnitOfWorkFactory


def _schema_diff(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, Base.metadata))


def _current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _head() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def test_migrated_schema_matches_the_models(database: Database) -> None:
    async with database.engine.connect() as connection:
        diff = await connection.run_sync(_schema_diff)
        tables = await connection.run_sync(lambda sync: set(inspect(sync).get_table_names()))

    assert diff == []
    assert set(Base.metadata.tables) <= tables


async def test_upgrade_reaches_the_head_revision(database: Database) -> None:
    async with database.engine.connect() as connection:
        revision = await connection.run_sync(_current_revision)

    assert revision is not None
    assert revision == _head()


async def test_upgrading_again_is_harmless_and_keeps_the_data(
    database: Database, database_url: str, unit_of_work: UnitOfWorkFactory
) -> None:
    key = str(uuid.uuid4())
    async with unit_of_work() as uow:
        await uow.outbox.add(key, SCHEMA_ID, {"kept": True}, SUBMITTED_EVENT)
        await uow.commit()

    await upgrade_to_head(database.engine)
    restarted = open_database(database_url)
    try:
        await upgrade_to_head(restarted.engine)
        async with restarted.engine.connect() as connection:
            revision = await connection.run_sync(_current_revision)
            diff = await connection.run_sync(_schema_diff)
    finally:
        await restarted.close()

    assert revision == _head()
    assert diff == []
    async with unit_of_work() as uow:
        claim = await uow.outbox.claim(10, timedelta(seconds=30))
    assert [
        (message.idempotency_key, message.payload, message.event) for message in claim.messages
    ] == [(key, {"kept": True}, SUBMITTED_EVENT)]


def _stairway(connection: Connection) -> list[str | None]:
    """Each revision up, back down to its parent, and up again; the revisions reached."""
    config = alembic_config(connection)
    revisions = list(ScriptDirectory.from_config(config).walk_revisions("base", "heads"))
    reached = []
    for revision in reversed(revisions):
        command.upgrade(config, revision.revision)
        # The history is linear: each revision has at most one parent.
        command.downgrade(config, str(revision.down_revision or "base"))
        command.upgrade(config, revision.revision)
        reached.append(_current_revision(connection))
    return reached


async def test_every_migration_upgrades_and_downgrades(database_url: str) -> None:
    empty = open_database(database_url)
    try:
        async with empty.engine.begin() as connection:
            reached = await connection.run_sync(_stairway)
            diff = await connection.run_sync(_schema_diff)
    finally:
        await empty.close()

    assert reached[-1] == _head()
    assert len(reached) == len(set(reached)) >= 4
    assert diff == []


async def test_processes_starting_together_migrate_once_and_all_start(database_url: str) -> None:
    """Bots and a relay started at once on an empty database: one migrates, the rest wait."""
    starting = [open_database(database_url) for _ in range(3)]
    try:
        await asyncio.wait_for(
            asyncio.gather(*(upgrade_to_head(process.engine) for process in starting)),
            timeout=120,
        )
        async with starting[0].engine.connect() as connection:
            assert await connection.run_sync(_current_revision) == _head()
            assert await connection.run_sync(_schema_diff) == []
    finally:
        for process in starting:
            await process.close()
