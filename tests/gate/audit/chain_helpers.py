"""Audit chains in tests: builders for in-memory chains (the pure chain tests) and a stored chain read back
as JSON (the tests that check what a run audited)."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gate.audit import AuditRecord, SealedRecord, canonical_json, key_id, seal
from gate.audit.chain import sha256_hex
from gate.audit.records import GENESIS_HASH
from gate.store import AuditRepository, Database

T0 = datetime(2026, 5, 1, 8, 0, tzinfo=UTC)


def make_chain(key: Ed25519PrivateKey, n: int, gate_id: str = "gate-a") -> list[SealedRecord]:
    chain: list[SealedRecord] = []
    prev = GENESIS_HASH
    for seq in range(1, n + 1):
        record = AuditRecord(
            event_type="decision", transaction_id=f"tx-{seq}", decision="OPEN", record_id=f"{gate_id}-r{seq}",
            gate_id=gate_id, seq=seq, timestamp=T0 + timedelta(seconds=seq), prev_hash=prev,
            key_id=key_id(key.public_key()),
        )
        chain.append(seal(record, key))
        prev = chain[-1].hash
    return chain


def with_body(sealed: SealedRecord, **changes: object) -> SealedRecord:
    """``sealed`` with fields of its body changed, hash and signature left as they were."""
    fields = {**sealed.record().model_dump(mode="json"), **changes}
    return replace(sealed, body=canonical_json(fields))


def rehashed(sealed: SealedRecord) -> SealedRecord:
    return replace(sealed, hash=sha256_hex(sealed.body))


def stored_chain(db: Database, gate_id: str = "gate-01") -> list[dict[str, Any]]:
    """The bodies of the gate's stored audit chain, in order, as parsed JSON."""
    with db.sessions() as s:
        return [json.loads(r.body) for r in AuditRepository(s).chain(gate_id)]
