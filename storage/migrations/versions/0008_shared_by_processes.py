"""what several processes share: handled updates, consumed messages, language offers and
group warnings

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "handled_updates",
        sa.Column("bot_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("update_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handled_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("bot_id", "update_id"),
    )
    op.create_index("ix_handled_updates_handled_at", "handled_updates", ["handled_at"])
    op.create_table(
        "consumed_messages",
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("consumed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("idempotency_key"),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("language_offered_at", sa.DateTime(timezone=True), nullable=True)
        )
    with op.batch_alter_table("group_guards", schema=None) as batch_op:
        batch_op.add_column(sa.Column("last_warned_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("group_guards", schema=None) as batch_op:
        batch_op.drop_column("last_warned_at")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("language_offered_at")
    op.drop_table("consumed_messages")
    op.drop_index("ix_handled_updates_handled_at", table_name="handled_updates")
    op.drop_table("handled_updates")
