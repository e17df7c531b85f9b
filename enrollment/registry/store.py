"""Where the registry keeps applications: one table through SQLAlchemy Core (SQLite or PostgreSQL).

The packet is kept as received — still encrypted for the registry, so the biometrics are encrypted
at rest, and still signed by the desk, so the evidence can be verified again. The table is created
by :meth:`ApplicationStore.create` (the registry is not the gate: it has no Alembic chain).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime

from sqlalchemy import Column, DateTime, LargeBinary, MetaData, String, Table, Text, create_engine, func, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from enrollment.registry.biometrics import DuplicateCandidate
from enrollment.registry.status import ApplicationRecord, RegistryStatus

metadata = MetaData()
applications = Table(
    "registry_applications", metadata,
    Column("application_id", String(32), primary_key=True),
    Column("packet_digest", String(64), nullable=False),
    Column("desk_id", String(64), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("status", String(32), nullable=False),
    Column("candidates", Text, nullable=False, default="[]"),
    Column("decided_by", String(64)),
    Column("packet", LargeBinary, nullable=False),
)


class AlreadyStored(Exception):
    """An application with this id was stored meanwhile (a concurrent upload)."""


def _candidates_json(candidates: tuple[DuplicateCandidate, ...]) -> str:
    return json.dumps([{"application_id": c.application_id, "fused_fmr": c.fused_fmr,
                        "per_modality": dict(c.per_modality)} for c in candidates])


def _candidates(text: str) -> tuple[DuplicateCandidate, ...]:
    return tuple(DuplicateCandidate(c["application_id"], float(c["fused_fmr"]),
                                    {k: float(v) for k, v in c["per_modality"].items()}) for c in json.loads(text))


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


class ApplicationStore:
    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def from_url(cls, url: str) -> ApplicationStore:
        store = cls(create_engine(url))
        store.create()
        return store

    @property
    def engine(self) -> Engine:
        return self._engine

    def create(self) -> None:
        metadata.create_all(self._engine)

    def insert(self, record: ApplicationRecord, packet: bytes) -> None:
        try:
            with self._engine.begin() as connection:
                connection.execute(applications.insert().values(
                    application_id=record.application_id, packet_digest=record.packet_digest,
                    desk_id=record.desk_id, received_at=record.received_at, status=record.status.value,
                    candidates=_candidates_json(record.candidates), packet=packet))
        except IntegrityError as exc:
            raise AlreadyStored(record.application_id) from exc

    def get(self, application_id: str) -> ApplicationRecord | None:
        with self._engine.connect() as connection:
            row = connection.execute(select(applications).where(
                applications.c.application_id == application_id)).mappings().first()
        if row is None:
            return None
        return ApplicationRecord(row["application_id"], row["packet_digest"], row["desk_id"],
                                 _utc(row["received_at"]), RegistryStatus(row["status"]),
                                 _candidates(row["candidates"]), row["decided_by"])

    def packet(self, application_id: str) -> bytes | None:
        with self._engine.connect() as connection:
            value = connection.execute(select(applications.c.packet).where(
                applications.c.application_id == application_id)).scalar_one_or_none()
        return None if value is None else bytes(value)

    def set_status(self, application_id: str, status: RegistryStatus,
                   candidates: tuple[DuplicateCandidate, ...] | None = None, decided_by: str | None = None) -> None:
        values: dict[str, object] = {"status": status.value}
        if candidates is not None:
            values["candidates"] = _candidates_json(candidates)
        if decided_by is not None:
            values["decided_by"] = decided_by
        with self._engine.begin() as connection:
            connection.execute(update(applications).where(
                applications.c.application_id == application_id).values(**values))

    def ids_with_status(self, *statuses: RegistryStatus) -> Iterator[str]:
        with self._engine.connect() as connection:
            rows = connection.execute(select(applications.c.application_id).where(
                applications.c.status.in_([s.value for s in statuses])).order_by(applications.c.received_at))
            ids = [r[0] for r in rows]
        return iter(ids)

    def count(self) -> int:
        with self._engine.connect() as connection:
            return int(connection.execute(select(func.count()).select_from(applications)).scalar_one())
