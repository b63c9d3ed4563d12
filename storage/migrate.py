"""Alembic, driven from code: the embedded default migrates itself on start."""

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

_MIGRATIONS = Path(__file__).with_name("migrations")
# Any fixed number: the advisory lock that one migrating process holds on PostgreSQL.
_MIGRATION_LOCK = 0x57A5_ADA0


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(_MIGRATIONS))
    config.attributes["connection"] = connection
    return config


async def upgrade_to_head(engine: AsyncEngine) -> None:
    """Every process migrates on start. When several start at once (bots and a relay), one
    migrates while the others wait, then find the schema at head: PostgreSQL by an advisory
    lock held to the end of the transaction, SQLite by its write lock (BEGIN IMMEDIATE)."""
    async with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            await connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK}
            )
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "head"))
