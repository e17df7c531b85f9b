"""lanes: lane modes, supervisors' lane actions (erasable free text), alarms and their acknowledgements

Revision ID: 0005_lanes
Revises: 0004
Create Date: 2026-12-05 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_lanes"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "lane_modes",
        sa.Column("gate_id", sa.String(length=64), nullable=False),
        sa.Column("mode", sa.String(length=16), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_by", sa.String(length=64), nullable=True),
        sa.CheckConstraint("mode IN ('open', 'locked', 'out_of_service')", name=op.f("ck_lane_modes_mode")),
        sa.ForeignKeyConstraint(["gate_id"], ["gates.id"], name=op.f("fk_lane_modes_gate_id_gates")),
        sa.PrimaryKeyConstraint("gate_id", name=op.f("pk_lane_modes")),
    )
    op.create_table(
        "lane_actions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("gate_id", sa.String(length=64), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("reason_code", sa.String(length=64), nullable=False),
        sa.Column("reason_text", sa.Text(), nullable=True),
        sa.Column("officer_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["gate_id"], ["gates.id"], name=op.f("fk_lane_actions_gate_id_gates")),
        sa.ForeignKeyConstraint(["officer_id"], ["officers.id"], name=op.f("fk_lane_actions_officer_id_officers")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lane_actions")),
    )
    op.create_index(op.f("ix_lane_actions_gate_id"), "lane_actions", ["gate_id"], unique=False)
    op.create_table(
        "lane_alarms",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("gate_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("transaction_id", sa.String(length=64), nullable=True),
        sa.Column("source", sa.String(length=128), nullable=False),
        sa.Column("raised_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("acknowledged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("acknowledged_by", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["gate_id"], ["gates.id"], name=op.f("fk_lane_alarms_gate_id_gates")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lane_alarms")),
        sa.UniqueConstraint("source", name=op.f("uq_lane_alarms_source")),
    )
    op.create_index(op.f("ix_lane_alarms_gate_id"), "lane_alarms", ["gate_id"], unique=False)
    op.create_index(op.f("ix_lane_alarms_acknowledged_at"), "lane_alarms", ["acknowledged_at"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_lane_alarms_acknowledged_at"), table_name="lane_alarms")
    op.drop_index(op.f("ix_lane_alarms_gate_id"), table_name="lane_alarms")
    op.drop_table("lane_alarms")
    op.drop_index(op.f("ix_lane_actions_gate_id"), table_name="lane_actions")
    op.drop_table("lane_actions")
    op.drop_table("lane_modes")
