"""finish outbox: gate decisions waiting to be recorded

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "finish_outbox",
        sa.Column("transaction_id", sa.String(length=64), nullable=False),
        sa.Column("gate_id", sa.String(length=64), nullable=False),
        sa.Column("verdict", sa.String(length=16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("transaction_id", name=op.f("pk_finish_outbox")),
    )
    op.create_index(op.f("ix_finish_outbox_created_at"), "finish_outbox", ["created_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_finish_outbox_created_at"), table_name="finish_outbox")
    op.drop_table("finish_outbox")
