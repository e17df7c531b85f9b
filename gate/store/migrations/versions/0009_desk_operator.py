"""enrolment desk: each operator's reference portrait (the applicant-is-the-operator check)

Revision ID: 0009_desk_operator
Revises: 0008_desk
Create Date: 2026-12-12 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_desk_operator"
down_revision: str | None = "0008_desk"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "desk_operator_faces",
        sa.Column("desk_id", sa.String(64), nullable=False),
        sa.Column("operator", sa.String(64), nullable=False),
        sa.Column("nonce", sa.LargeBinary(12), nullable=False),
        sa.Column("ciphertext", sa.LargeBinary(), nullable=False),
        sa.Column("key_id", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("desk_id", "operator", name=op.f("pk_desk_operator_faces")),
    )


def downgrade() -> None:
    op.drop_table("desk_operator_faces")
