"""the referral in full: a second_line officer role and the handover of a referral to second line

Revision ID: 0006_referral
Revises: 0005_lanes
Create Date: 2026-12-10 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_referral"
down_revision: str | None = "0005_lanes"  # written on "0004"; chained after the lanes (merged)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

WITH_SECOND_LINE = "role IN ('officer', 'second_line', 'supervisor', 'admin')"
WITHOUT_SECOND_LINE = "role IN ('officer', 'supervisor', 'admin')"


def upgrade() -> None:
    with op.batch_alter_table("officers") as batch:
        batch.drop_constraint(op.f("ck_officers_role"), type_="check")
        batch.create_check_constraint("role", WITH_SECOND_LINE)
    op.create_table(
        "referral_handovers",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("referral_id", sa.Integer(), nullable=False),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("handed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"],
                                name=op.f("fk_referral_handovers_officer_id_officers")),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"],
                                name=op.f("fk_referral_handovers_referral_id_referrals")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_referral_handovers")),
        sa.UniqueConstraint("referral_id", name=op.f("uq_referral_handovers_referral_id")),
    )
    op.create_index(op.f("ix_referral_handovers_handed_at"), "referral_handovers", ["handed_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_referral_handovers_handed_at"), table_name="referral_handovers")
    op.drop_table("referral_handovers")
    op.execute("UPDATE officers SET role = 'officer' WHERE role = 'second_line'")
    with op.batch_alter_table("officers") as batch:
        batch.drop_constraint(op.f("ck_officers_role"), type_="check")
        batch.create_check_constraint("role", WITHOUT_SECOND_LINE)
