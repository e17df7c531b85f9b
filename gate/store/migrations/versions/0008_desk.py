"""enrolment desk: application cases, their encrypted samples, and the clerk role

Revision ID: 0008_desk
Revises: 0007_shift (written on 0004; chained after the officer-station migrations)
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_desk"
down_revision: str | None = "0007_shift"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATES = "state IN ('draft', 'captured', 'dedup_pending', 'adjudication', 'approved', 'issued', 'rejected')"


def _roles(condition: str) -> None:
    with op.batch_alter_table("officers") as batch:
        batch.drop_constraint(op.f("ck_officers_role"), type_="check")
        batch.create_check_constraint(op.f("ck_officers_role"), condition)


def upgrade() -> None:
    _roles("role IN ('clerk', 'officer', 'second_line', 'supervisor', 'admin')")
    op.create_table(
        "desk_cases",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("desk_id", sa.String(length=64), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("operator", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.CheckConstraint(STATES, name=op.f("ck_desk_cases_state")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_cases")),
    )
    op.create_index(op.f("ix_desk_cases_desk_id"), "desk_cases", ["desk_id"], unique=False)
    op.create_index(op.f("ix_desk_cases_state"), "desk_cases", ["state"], unique=False)
    op.create_table(
        "desk_samples",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("case_id", sa.String(length=32), nullable=False),
        sa.Column("slot", sa.String(length=16), nullable=False),
        sa.Column("part", sa.String(length=16), nullable=False),
        sa.Column("nonce", sa.LargeBinary(length=12), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["desk_cases.id"], name=op.f("fk_desk_samples_case_id_desk_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_desk_samples")),
        sa.UniqueConstraint("case_id", "slot", "part", name="uq_desk_samples_case_slot_part"),
    )
    op.create_index(op.f("ix_desk_samples_case_id"), "desk_samples", ["case_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_desk_samples_case_id"), table_name="desk_samples")
    op.drop_table("desk_samples")
    op.drop_index(op.f("ix_desk_cases_state"), table_name="desk_cases")
    op.drop_index(op.f("ix_desk_cases_desk_id"), table_name="desk_cases")
    op.drop_table("desk_cases")
    op.execute("DELETE FROM officers WHERE role = 'clerk'")
    _roles("role IN ('officer', 'second_line', 'supervisor', 'admin')")
