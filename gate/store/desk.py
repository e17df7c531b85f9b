"""The enrolment desk's cases and their raw biometrics.

A case is stored as a few indexed columns (desk, state, operator, version) and a JSON body the service
writes and reads (:mod:`gate.service.desk_codec`); the store knows nothing of its content. Updates are
optimistic: :meth:`DeskCaseRepository.update` names the version it read and fails with
:class:`ConflictError` when another request changed the case in between.

Raw biometrics (each slot's image and template) live apart, in ``desk_samples``, AES-256-GCM encrypted
with the capture key (:class:`gate.store.capture_key.CaptureCipher`), the associated data binding each blob
to its case, slot and part so that a blob copied elsewhere does not decrypt. :meth:`purge_samples` deletes
a case's biometrics, all of them (after issuance) or some parts (the raw captures, once the registry has
acknowledged the packet that carried them off the desk).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, tuple_, update
from sqlalchemy.orm import Session

from gate.store.capture_key import CaptureCipher
from gate.store.clock import Clock, utc_now
from gate.store.errors import ConflictError, NotFoundError
from gate.store.models import DeskCaseRow, DeskSampleRow

SampleKey = tuple[str, str]  # (slot, part): ("finger:2", "image"), ("face", "template") ...
MAX_SAMPLE_BYTES = 8 * 1024 * 1024


@dataclass(frozen=True)
class StoredCase:
    id: str
    desk_id: str
    state: str
    operator: str
    created_at: datetime
    updated_at: datetime
    version: int
    body: Mapping[str, Any]


def _view(row: DeskCaseRow) -> StoredCase:
    return StoredCase(row.id, row.desk_id, row.state, row.operator, row.created_at, row.updated_at,
                      row.version, dict(row.body))


def _aad(case_id: str, slot: str, part: str) -> str:
    return f"desk:{case_id}:{slot}:{part}"


class DeskCaseRepository:
    def __init__(self, session: Session, cipher: CaptureCipher, clock: Clock = utc_now) -> None:
        self._session = session
        self._cipher = cipher
        self._clock = clock

    def create(self, case_id: str, desk_id: str, state: str, operator: str, created_at: datetime,
               body: Mapping[str, Any]) -> StoredCase:
        if self._session.get(DeskCaseRow, case_id) is not None:
            raise ConflictError(f"case {case_id} exists")
        row = DeskCaseRow(id=case_id, desk_id=desk_id, state=state, operator=operator, created_at=created_at,
                          updated_at=created_at, version=1, body=dict(body))
        self._session.add(row)
        self._session.flush()
        return _view(row)

    def get(self, case_id: str) -> StoredCase:
        row = self._session.get(DeskCaseRow, case_id)
        if row is None:
            raise NotFoundError(f"no case {case_id}")
        return _view(row)

    def update(self, case_id: str, expected_version: int, state: str, body: Mapping[str, Any]) -> StoredCase:
        """Write the new state and body if the case is still at ``expected_version``."""
        result = self._session.execute(
            update(DeskCaseRow)
            .where(DeskCaseRow.id == case_id, DeskCaseRow.version == expected_version)
            .values(state=state, body=dict(body), version=expected_version + 1, updated_at=self._clock())
            .execution_options(synchronize_session=False)
        )
        if result.rowcount != 1:  # type: ignore[attr-defined]
            self.get(case_id)  # NotFoundError when it is gone
            raise ConflictError(f"case {case_id} changed since version {expected_version}")
        self._session.expire_all()
        return self.get(case_id)

    def for_desk(self, desk_id: str, states: tuple[str, ...] = (), limit: int = 100) -> list[StoredCase]:
        """The desk's cases, newest first, optionally only those in ``states``."""
        query = select(DeskCaseRow).where(DeskCaseRow.desk_id == desk_id)
        if states:
            query = query.where(DeskCaseRow.state.in_(states))
        query = query.order_by(DeskCaseRow.created_at.desc(), DeskCaseRow.id).limit(limit)
        return [_view(row) for row in self._session.scalars(query)]

    def put_samples(self, case_id: str, samples: Mapping[SampleKey, bytes]) -> None:
        """Encrypt and store (replacing) the given parts of the case's slots."""
        self.get(case_id)
        now = self._clock()
        for (slot, part), data in samples.items():
            if len(data) > MAX_SAMPLE_BYTES:
                raise ValueError(f"sample larger than {MAX_SAMPLE_BYTES} bytes")
            self._session.execute(delete(DeskSampleRow).where(
                DeskSampleRow.case_id == case_id, DeskSampleRow.slot == slot, DeskSampleRow.part == part))
            nonce, ciphertext = self._cipher.encrypt(_aad(case_id, slot, part), data)
            self._session.add(DeskSampleRow(case_id=case_id, slot=slot, part=part, nonce=nonce,
                                            ciphertext=ciphertext, key_id=self._cipher.key_id, created_at=now))
        self._session.flush()

    def samples(self, case_id: str) -> dict[SampleKey, bytes]:
        """Every stored part of the case, decrypted (:class:`CaptureDecryptError` on a wrong key or tampering)."""
        query = select(DeskSampleRow).where(DeskSampleRow.case_id == case_id)
        return {(row.slot, row.part): self._cipher.decrypt(_aad(case_id, row.slot, row.part), row.nonce,
                                                           row.ciphertext)
                for row in self._session.scalars(query)}

    def sample_count(self, case_id: str) -> int:
        query = select(func.count()).select_from(DeskSampleRow).where(DeskSampleRow.case_id == case_id)
        return int(self._session.scalar(query) or 0)

    def sample_keys(self, case_id: str) -> list[SampleKey]:
        """Which parts the case still holds (nothing decrypted)."""
        query = select(DeskSampleRow.slot, DeskSampleRow.part).where(DeskSampleRow.case_id == case_id)
        return sorted((str(slot), str(part)) for slot, part in self._session.execute(query))

    def purge_samples(self, case_id: str, parts: Collection[SampleKey] | None = None) -> int:
        """Delete the case's raw biometrics (only ``parts`` when given); returns how many parts were deleted."""
        query = delete(DeskSampleRow).where(DeskSampleRow.case_id == case_id)
        if parts is not None:
            if not parts:
                return 0
            query = query.where(tuple_(DeskSampleRow.slot, DeskSampleRow.part).in_(list(parts)))
        result = self._session.execute(query)
        self._session.flush()
        return int(result.rowcount)  # type: ignore[attr-defined]
