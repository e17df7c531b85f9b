"""The hash chain, pure: canonical bytes in, sealed records out. No database, no clock, no files.

Each record's *body* is the canonical JSON of its :class:`AuditRecord` (which includes ``prev_hash``,
the previous record's hash, or 64 zeros for the first record of a gate). Its *hash* is SHA-256 of the
body; its *signature* is Ed25519 over ``CONTEXT || hash`` by the gate's key.

Canonical JSON is hand-written (sorted keys, no whitespace, UTF-8, no NaN) rather than a full RFC 8785
library: the schema only admits strings, integers, finite floats, booleans and null, and Python's float
repr is the shortest round-trip form, so ``json.dumps`` is deterministic here without a new dependency.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gate.audit.errors import AuditSchemaError
from gate.audit.records import AuditRecord

RECORD_CONTEXT = b"egate-audit-record-v1\x00"


def canonical_json(value: Any) -> bytes:
    """Deterministic JSON bytes for hashing and signing."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class SealedRecord:
    """A record as stored: its canonical body, hash and signature, plus the index columns beside it
    (``gate_id``, ``seq``, ``record_id``) that a store may keep for queries. The verifier checks that
    the columns agree with the signed body."""

    body: bytes
    hash: str
    signature: str
    gate_id: str
    seq: int
    record_id: str

    def record(self) -> AuditRecord:
        try:
            return AuditRecord.model_validate_json(self.body)
        except ValueError as exc:
            raise AuditSchemaError(f"record body does not fit the audit schema: {exc}") from exc

    def to_json_line(self) -> str:
        """One JSON-lines export line; the body is embedded as an object, re-canonicalised on import."""
        return json.dumps(
            {"record": json.loads(self.body), "hash": self.hash, "signature": self.signature},
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json_line(cls, line: str) -> SealedRecord:
        try:
            obj = json.loads(line)
            body = canonical_json(obj["record"])
            fields = obj["record"]
            return cls(
                body=body,
                hash=str(obj["hash"]),
                signature=str(obj["signature"]),
                gate_id=str(fields["gate_id"]),
                seq=int(fields["seq"]),
                record_id=str(fields["record_id"]),
            )
        except (ValueError, KeyError, TypeError) as exc:
            raise AuditSchemaError(f"not an audit export line: {exc}") from exc


def seal(record: AuditRecord, key: Ed25519PrivateKey) -> SealedRecord:
    """Hash and sign ``record``; the caller has already set ``prev_hash`` and ``seq``."""
    body = canonical_json(record.model_dump(mode="json"))
    digest = sha256_hex(body)
    signature = key.sign(RECORD_CONTEXT + bytes.fromhex(digest)).hex()
    return SealedRecord(
        body=body, hash=digest, signature=signature,
        gate_id=record.gate_id, seq=record.seq, record_id=record.record_id,
    )
