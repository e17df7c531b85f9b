"""Reading the chain back: verify a gate's chain in the database, export and verify JSON lines.

Which public keys to trust is the caller's choice. Passing ``keys=None`` trusts the public key each
gate registered in the same database, which only detects tampering by someone without database write
access; an auditor should pass the gate's public key from a separate, trusted copy
(``egate audit verify --gate-key-public``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy.orm import Session, sessionmaker

from gate.audit.chain import SealedRecord
from gate.audit.checkpoint import Checkpoint
from gate.audit.keys import key_id, load_public_key
from gate.audit.verify import VerifyReport, verify_records
from gate.store.audit_repo import AuditRepository, StoredRecord
from gate.store.db import read_only
from gate.store.gates import GateRepository

Keys = Mapping[str, Ed25519PublicKey]


def keyring(public_keys: Iterable[Ed25519PublicKey]) -> dict[str, Ed25519PublicKey]:
    """Map each key to its key id, as :func:`verify_records` expects."""
    return {key_id(key): key for key in public_keys}


def _sealed(row: StoredRecord) -> SealedRecord:
    body = row.body.encode("utf-8")
    return SealedRecord(body, row.hash, row.signature, row.gate_id, row.seq, row.record_id)


def _registered_keys(session: Session, gate_id: str) -> dict[str, Ed25519PublicKey]:
    pem = GateRepository(session).get(gate_id).public_key_pem
    return keyring([load_public_key(pem.encode())]) if pem else {}


def verify_gate(sessions: sessionmaker[Session], gate_id: str, keys: Keys | None = None) -> VerifyReport:
    """Verify the stored chain of ``gate_id`` and its signed checkpoints."""
    with sessions() as session:
        repo = AuditRepository(read_only(session))
        trusted = keys if keys is not None else _registered_keys(session, gate_id)
        checkpoints = [Checkpoint(**vars(c)) for c in repo.checkpoints(gate_id)]
        report = verify_records((_sealed(row) for row in repo.chain(gate_id)), trusted, checkpoints)
    return report if report.gate_id else VerifyReport(gate_id, report.checked, report.first_bad)


def verify_database(sessions: sessionmaker[Session], keys: Keys | None = None) -> list[VerifyReport]:
    """One report per gate that has audit records."""
    with sessions() as session:
        gate_ids = AuditRepository(read_only(session)).gate_ids()
    return [verify_gate(sessions, gate_id, keys) for gate_id in gate_ids]


def iter_jsonl(sessions: sessionmaker[Session], gate_id: str | None = None) -> Iterator[str]:
    """Every record (of one gate, or all gates in turn, each in chain order) as a JSON line."""
    with sessions() as session:
        repo = AuditRepository(read_only(session))
        for gate in [gate_id] if gate_id else repo.gate_ids():
            for row in repo.chain(gate):
                yield _sealed(row).to_json_line() + "\n"


def export_jsonl(sessions: sessionmaker[Session], out: TextIO, gate_id: str | None = None) -> int:
    """Write every record as JSON lines (see :func:`iter_jsonl`); returns the count."""
    count = 0
    for line in iter_jsonl(sessions, gate_id):
        out.write(line)
        count += 1
    return count


def read_jsonl(path: Path) -> Iterator[SealedRecord]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield SealedRecord.from_json_line(line)


def verify_jsonl(path: Path, keys: Keys) -> list[VerifyReport]:
    """Verify an export: records are grouped by gate, in file order within each gate."""
    by_gate: dict[str, list[SealedRecord]] = {}
    for sealed in read_jsonl(path):
        by_gate.setdefault(sealed.gate_id, []).append(sealed)
    return [verify_records(records, keys) for records in by_gate.values()]
