"""The ORM tables (SQLAlchemy 2, typed). Migrations in ``migrations/versions`` must match these;
``tests/gate/store/test_migrations.py`` compares them with Alembic's autogenerate."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    Dialect,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ROLES = ("clerk", "officer", "second_line", "supervisor", "admin")  # ascending; a clerk works only at the desk
REFERRAL_STATUSES = ("open", "decided")
DESK_CASE_STATES = ("draft", "captured", "dedup_pending", "adjudication", "approved", "issued", "rejected")


class UtcDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC in and out; SQLite, which drops the zone, gets it back on load."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if not isinstance(value, datetime):
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class GateRow(Base):
    __tablename__ = "gates"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(128), unique=True)
    api_key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    public_key_pem: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class OfficerRow(Base):
    __tablename__ = "officers"
    __table_args__ = (CheckConstraint(_in("role", ROLES), name="role"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


class RevokedTokenRow(Base):
    """An officer token signed out before its expiry; kept until then, then purged."""

    __tablename__ = "revoked_tokens"
    jti: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class TransactionRow(Base):
    __tablename__ = "transactions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    gate_id: Mapped[str] = mapped_column(ForeignKey("gates.id"), index=True)
    state: Mapped[str] = mapped_column(String(32))
    decision: Mapped[str | None] = mapped_column(String(16))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    document_pseudonym: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)


class AuditRecordRow(Base):
    """One sealed audit record. ``body`` is the signed canonical JSON; the other columns index it."""

    __tablename__ = "audit_records"
    __table_args__ = (UniqueConstraint("gate_id", "seq", name="uq_audit_records_gate_seq"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    record_id: Mapped[str] = mapped_column(String(64), unique=True)
    gate_id: Mapped[str] = mapped_column(ForeignKey("gates.id"))
    seq: Mapped[int] = mapped_column(Integer)
    transaction_id: Mapped[str | None] = mapped_column(String(64), index=True)
    event_type: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    body: Mapped[str] = mapped_column(Text)
    hash: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


class AuditCheckpointRow(Base):
    __tablename__ = "audit_checkpoints"
    __table_args__ = (UniqueConstraint("gate_id", "tree_size", name="uq_audit_checkpoints_gate_size"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    gate_id: Mapped[str] = mapped_column(ForeignKey("gates.id"))
    tree_size: Mapped[int] = mapped_column(Integer)
    root_hash: Mapped[str] = mapped_column(String(64))
    timestamp: Mapped[str] = mapped_column(String(40))
    key_id: Mapped[str] = mapped_column(String(64))
    signature: Mapped[str] = mapped_column(String(128))


class ReferralRow(Base):
    __tablename__ = "referrals"
    __table_args__ = (CheckConstraint(_in("status", REFERRAL_STATUSES), name="status"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("officers.id"))
    verdict: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str | None] = mapped_column(Text)  # the officer's free text: erasable, never in the chain
    reason_code: Mapped[str | None] = mapped_column(String(64))


class CaptureRow(Base):
    """An AES-GCM encrypted live capture of a referred transaction (see :mod:`gate.store.vault`)."""

    __tablename__ = "captures"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    transaction_id: Mapped[str] = mapped_column(ForeignKey("transactions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    nonce: Mapped[bytes] = mapped_column(LargeBinary(12))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)


class SettingRow(Base):
    """Operational values an administrator changes at run time (e.g. ``fmr_target``)."""

    __tablename__ = "settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_by: Mapped[str | None] = mapped_column(String(64))


class FinishOutboxRow(Base):
    """A gate decision that could not be recorded when it was made (see :mod:`gate.store.outbox`)."""

    __tablename__ = "finish_outbox"
    transaction_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    gate_id: Mapped[str] = mapped_column(String(64))
    verdict: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(200))


class DeskCaseRow(Base):
    """An enrolment desk's application case (see :mod:`gate.store.desk`): its state and version as columns,
    the rest (demographics, capture summaries, exceptions, candidates) as JSON. No biometric data here."""

    __tablename__ = "desk_cases"
    __table_args__ = (CheckConstraint(_in("state", DESK_CASE_STATES), name="state"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    desk_id: Mapped[str] = mapped_column(String(64), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    operator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[dict[str, Any]] = mapped_column(JSON)


class DeskSampleRow(Base):
    """One raw biometric of a desk case (image or template of a slot), AES-GCM encrypted; purgeable."""

    __tablename__ = "desk_samples"
    __table_args__ = (UniqueConstraint("case_id", "slot", "part", name="uq_desk_samples_case_slot_part"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("desk_cases.id"), index=True)
    slot: Mapped[str] = mapped_column(String(16))
    part: Mapped[str] = mapped_column(String(16))
    nonce: Mapped[bytes] = mapped_column(LargeBinary(12))
    ciphertext: Mapped[bytes] = mapped_column(LargeBinary)
    key_id: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)


from gate.store import desk_operators as _desk_operators  # noqa: E402,F401  (0009_desk_operator: its table on Base)
from gate.store import lanes as _lanes  # noqa: E402,F401  the lane tables (0005_lanes) join this metadata
from gate.store import referral_models as _referral_models  # noqa: E402,F401  (its tables join Base.metadata)
from gate.store import shift_models as _shift_models  # noqa: E402,F401  (registers its tables on Base)
