"""shift statistics: shadow impostor tallies; the uploaded stop list

Revision ID: 0007_shift
Revises: 0006_referral (chained after the lanes and referral merges)
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_shift"
down_revision: str | None = "0006_referral"  # chained after the referral tables (merged)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "shadow_tallies",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("model_id", sa.String(length=64), nullable=False),
        sa.Column("fmr_target", sa.Float(), nullable=False),
        sa.Column("comparisons", sa.Integer(), nullable=False),
        sa.Column("false_matches", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_shadow_tallies")),
    )
    op.create_index(op.f("ix_shadow_tallies_created_at"), "shadow_tallies", ["created_at"], unique=False)
    op.create_table(
        "stop_list_entries",
        sa.Column("issuing_state", sa.String(length=3), nullable=False),
        sa.Column("document_number", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("issuing_state", "document_number", name=op.f("pk_stop_list_entries")),
    )


def downgrade() -> None:
    op.drop_table("stop_list_entries")
    op.drop_index(op.f("ix_shadow_tallies_created_at"), table_name="shadow_tallies")
    op.drop_table("shadow_tallies")
