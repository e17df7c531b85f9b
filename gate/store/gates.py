"""Gates and their kiosk API keys.

API keys are 256-bit random tokens, so a plain SHA-256 of the key is stored (and looked up by index):
a slow password hash such as argon2 protects low-entropy secrets and would only slow every kiosk
request here. Comparison of the looked-up hash is constant-time.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from gate.store.clock import Clock, utc_now
from gate.store.errors import ConflictError, NotFoundError
from gate.store.models import GateRow

API_KEY_PREFIX = "egk_"


@dataclass(frozen=True)
class Gate:
    id: str
    name: str
    public_key_pem: str | None
    created_at: datetime


def _view(row: GateRow) -> Gate:
    return Gate(row.id, row.name, row.public_key_pem, row.created_at)


def hash_api_key(api_key: str) -> str:
    return hashlib.sha256(api_key.encode()).hexdigest()


class GateRepository:
    def __init__(self, session: Session, clock: Clock = utc_now) -> None:
        self._session = session
        self._clock = clock

    def create(self, gate_id: str, name: str, public_key_pem: str | None = None) -> tuple[Gate, str]:
        """Register a gate; returns it with its new API key (shown once, only its hash is kept)."""
        if self._session.get(GateRow, gate_id) is not None:
            raise ConflictError(f"gate {gate_id} exists")
        if self._session.scalar(select(GateRow).where(GateRow.name == name)) is not None:
            raise ConflictError(f"gate name {name!r} is taken")
        api_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        row = GateRow(id=gate_id, name=name, api_key_hash=hash_api_key(api_key),
                      public_key_pem=public_key_pem, created_at=self._clock())
        self._session.add(row)
        self._session.flush()
        return _view(row), api_key

    def ensure(self, gate_id: str, name: str | None = None, public_key_pem: str | None = None) -> Gate:
        """The gate ``gate_id``, created without an API key when absent (embedded single-gate use)."""
        row = self._session.get(GateRow, gate_id)
        if row is None:
            row = GateRow(id=gate_id, name=name or gate_id, api_key_hash=None,
                          public_key_pem=public_key_pem, created_at=self._clock())
            self._session.add(row)
            self._session.flush()
        elif public_key_pem and row.public_key_pem is None:
            row.public_key_pem = public_key_pem
        return _view(row)

    def get(self, gate_id: str) -> Gate:
        row = self._session.get(GateRow, gate_id)
        if row is None:
            raise NotFoundError(f"no gate {gate_id}")
        return _view(row)

    def all(self) -> list[Gate]:
        return [_view(row) for row in self._session.scalars(select(GateRow).order_by(GateRow.id))]

    def rotate_api_key(self, gate_id: str) -> str:
        row = self._session.get(GateRow, gate_id)
        if row is None:
            raise NotFoundError(f"no gate {gate_id}")
        api_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        row.api_key_hash = hash_api_key(api_key)
        self._session.flush()
        return api_key

    def key_fingerprint(self, gate_id: str) -> str | None:
        """A short digest of the gate's current API key hash (changes when the key is rotated); ``None``
        for an unknown gate or one without a key."""
        row = self._session.get(GateRow, gate_id)
        if row is None or row.api_key_hash is None:
            return None
        return hashlib.sha256(f"kiosk-device:{row.api_key_hash}".encode()).hexdigest()[:24]

    def authenticate(self, api_key: str) -> Gate | None:
        """The gate holding ``api_key``, or ``None``."""
        digest = hash_api_key(api_key)
        row = self._session.scalar(select(GateRow).where(GateRow.api_key_hash == digest))
        if row is None or row.api_key_hash is None or not hmac.compare_digest(row.api_key_hash, digest):
            return None
        return _view(row)
