"""store report identifiers and evidence metadata whole

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_EVIDENCE_LENGTHS = {"file_id": 256, "file_unique_id": 128, "mime_type": 128}


def upgrade() -> None:
    with op.batch_alter_table("report_identifiers", schema=None) as batch_op:
        batch_op.drop_index("ix_report_identifiers_kind_value")
        batch_op.alter_column(
            "value", existing_type=sa.String(length=512), type_=sa.Text(), existing_nullable=False
        )
        batch_op.create_index(
            "ix_report_identifiers_value", ["value"], unique=False, postgresql_using="hash"
        )
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        for column, length in _EVIDENCE_LENGTHS.items():
            batch_op.alter_column(
                column, existing_type=sa.String(length=length), type_=sa.Text(), nullable=True
            )


def downgrade() -> None:
    # Fails, rather than cutting values short, when a stored value no longer fits.
    with op.batch_alter_table("evidence", schema=None) as batch_op:
        for column, length in _EVIDENCE_LENGTHS.items():
            batch_op.alter_column(
                column, existing_type=sa.Text(), type_=sa.String(length=length), nullable=True
            )
    with op.batch_alter_table("report_identifiers", schema=None) as batch_op:
        batch_op.drop_index("ix_report_identifiers_value", postgresql_using="hash")
        batch_op.alter_column(
            "value", existing_type=sa.Text(), type_=sa.String(length=512), existing_nullable=False
        )
        batch_op.create_index("ix_report_identifiers_kind_value", ["kind", "value"], unique=False)
