"""The store's operational settings, to be nested in :class:`gate.settings.Settings` as ``store``
(environment: ``EGATE_STORE__DATABASE_URL``, ``EGATE_STORE__CAPTURE_RETENTION``…).

Paths left unset resolve under ``settings.home``; :meth:`StoreSettings.resolve` turns the model into
concrete values, which is all the store and audit constructors take.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from pydantic import BaseModel, Field


class StoreSettings(BaseModel):
    database_url: str | None = Field(
        default=None, description="SQLAlchemy URL; default: SQLite file <home>/egate.db. "
        "Fleet: postgresql+psycopg://user@host:5432/egate",
    )
    gate_id: str = Field(default="gate-01", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    audit_key_path: Path | None = Field(default=None, description="Ed25519 gate key (PEM, 0600)")
    capture_key_path: Path | None = Field(default=None, description="AES-256 capture key (base64, 0600)")
    pseudonym_key_path: Path | None = Field(default=None, description="HMAC key for document pseudonyms")
    capture_retention: timedelta = Field(default=timedelta(days=30), gt=timedelta(0))
    audit_checkpoint_every: int = Field(default=100, ge=0, description="0: no automatic checkpoints")

    def resolve(self, home: Path) -> StorePaths:
        keys = home / "keys"
        return StorePaths(
            database_url=self.database_url or f"sqlite+pysqlite:///{home / 'egate.db'}",
            gate_id=self.gate_id,
            audit_key_path=self.audit_key_path or keys / "gate-audit-ed25519.pem",
            capture_key_path=self.capture_key_path or keys / "capture-aes256.key",
            pseudonym_key_path=self.pseudonym_key_path or keys / "document-pseudonym.key",
            capture_retention=self.capture_retention,
            audit_checkpoint_every=self.audit_checkpoint_every,
        )


@dataclass(frozen=True)
class StorePaths:
    database_url: str
    gate_id: str
    audit_key_path: Path
    capture_key_path: Path
    pseudonym_key_path: Path
    capture_retention: timedelta
    audit_checkpoint_every: int
