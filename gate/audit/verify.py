"""Verify one gate's chain and name the first bad record.

Checks, in order, for each record at position ``i`` (0-based, in the order the store returns them):
the hash matches the body (a *modified* record), the signature is valid for the key the body names,
the body fits the schema, the store's index columns agree with the body, the record belongs to the
same gate, its ``seq`` is ``i + 1`` (a gap means *deleted* records; a smaller one an *inserted* or
*reordered* record) and its ``prev_hash`` is the previous record's hash. Then every signed checkpoint
must cover a prefix of the chain (records *deleted at the end* show up here).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from gate.audit.chain import RECORD_CONTEXT, SealedRecord, sha256_hex
from gate.audit.checkpoint import Checkpoint, checkpoint_problem
from gate.audit.errors import AuditSchemaError
from gate.audit.records import GENESIS_HASH, AuditRecord


@dataclass(frozen=True)
class BadRecord:
    position: int
    seq: int | None
    record_id: str | None
    reason: str

    def __str__(self) -> str:
        return f"record #{self.position + 1} (seq {self.seq}, id {self.record_id}): {self.reason}"


@dataclass(frozen=True)
class VerifyReport:
    gate_id: str | None
    checked: int
    first_bad: BadRecord | None = None
    checkpoints: int = 0

    @property
    def ok(self) -> bool:
        return self.first_bad is None


def verify_records(
    records: Iterable[SealedRecord],
    keys: Mapping[str, Ed25519PublicKey],
    checkpoints: Sequence[Checkpoint] = (),
) -> VerifyReport:
    """Verify a single gate's chain. ``keys`` maps key ids to trusted public keys."""
    gate_id: str | None = None
    prev_hash = GENESIS_HASH
    hashes: list[str] = []
    for position, sealed in enumerate(records):
        try:
            record = _check_one(sealed, keys)
        except _Bad as bad:
            first_bad = BadRecord(position, sealed.seq, sealed.record_id, str(bad))
            return VerifyReport(gate_id, position, first_bad)
        gate_id = gate_id or record.gate_id
        reason = _link_problem(record, position, prev_hash, gate_id)
        if reason:
            return VerifyReport(gate_id, position, BadRecord(position, record.seq, record.record_id, reason))
        prev_hash = sealed.hash
        hashes.append(sealed.hash)
    for checkpoint in checkpoints:
        reason = checkpoint_problem(checkpoint, hashes, keys)
        if reason:
            position = min(checkpoint.tree_size, len(hashes))
            missing = BadRecord(position, position + 1, None, reason)
            return VerifyReport(gate_id or checkpoint.gate_id, len(hashes), missing, len(checkpoints))
    return VerifyReport(gate_id, len(hashes), None, len(checkpoints))


class _Bad(Exception):
    pass


def _check_one(sealed: SealedRecord, keys: Mapping[str, Ed25519PublicKey]) -> AuditRecord:
    if sha256_hex(sealed.body) != sealed.hash:
        raise _Bad("hash does not match the record's content (record modified)")
    try:
        record = sealed.record()
    except AuditSchemaError as exc:
        raise _Bad(str(exc)) from exc
    public = keys.get(record.key_id)
    if public is None:
        raise _Bad(f"signed by unknown key {record.key_id}")
    try:
        public.verify(bytes.fromhex(sealed.signature), RECORD_CONTEXT + bytes.fromhex(sealed.hash))
    except (InvalidSignature, ValueError) as exc:
        raise _Bad("bad signature (record modified or re-hashed without the gate key)") from exc
    if (record.gate_id, record.seq, record.record_id) != (sealed.gate_id, sealed.seq, sealed.record_id):
        raise _Bad("the store's index columns disagree with the signed record")
    return record


def _link_problem(record: AuditRecord, position: int, prev_hash: str, gate_id: str) -> str | None:
    expected = position + 1
    if record.gate_id != gate_id:
        return f"record of gate {record.gate_id} inside the chain of gate {gate_id}"
    if record.seq > expected:
        return f"seq {record.seq} where {expected} was expected: a record before it was deleted or moved"
    if record.seq < expected:
        return f"seq {record.seq} where {expected} was expected: record inserted or reordered"
    if record.prev_hash != prev_hash:
        return "prev_hash does not link to the previous record: record inserted or reordered"
    return None
