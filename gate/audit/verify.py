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
from gate.audit.checkpoint import (
    Checkpoint,
    MerkleFrontier,
    prefix_problem,
    signature_problem,
    truncation_problem,
)
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
    """Verify one gate's chain and its checkpoints in a single pass (O(n + c log n)).
    ``keys`` maps key ids to trusted public keys."""
    walk = _Walk(keys, sorted(checkpoints, key=lambda c: c.tree_size))
    try:
        walk.run(records)
    except _Bad as bad:
        return walk.report(bad.record)
    return walk.report(None)


class _Bad(Exception):
    def __init__(self, reason: str, record: BadRecord | None = None) -> None:
        super().__init__(reason)
        self.record = record or BadRecord(-1, None, None, reason)


class _Walk:
    def __init__(self, keys: Mapping[str, Ed25519PublicKey], checkpoints: list[Checkpoint]) -> None:
        self.keys, self.checkpoints = keys, checkpoints
        self.gate_id: str | None = checkpoints[0].gate_id if checkpoints else None
        self.frontier = MerkleFrontier()
        self.prev_hash = GENESIS_HASH
        self.due = 0

    def report(self, bad: BadRecord | None) -> VerifyReport:
        return VerifyReport(self.gate_id, self.frontier.size, bad, len(self.checkpoints))

    def run(self, records: Iterable[SealedRecord]) -> None:
        for checkpoint in self.checkpoints:
            problem = signature_problem(checkpoint, self.keys)
            if problem:
                raise _Bad(problem, BadRecord(max(checkpoint.tree_size - 1, 0), checkpoint.tree_size, None, problem))
        self._checkpoints_due(None)
        for position, sealed in enumerate(records):
            try:
                record = _check_one(sealed, self.keys)
                if position == 0:
                    self.gate_id = record.gate_id
                _check_link(record, position, self.prev_hash, self.gate_id or record.gate_id)
            except _Bad as bad:
                raise _Bad(str(bad), BadRecord(position, sealed.seq, sealed.record_id, str(bad))) from None
            self.prev_hash = sealed.hash
            self.frontier.append(bytes.fromhex(sealed.hash))
            self._checkpoints_due(record)
        if self.due < len(self.checkpoints):
            size = self.frontier.size
            reason = truncation_problem(self.checkpoints[self.due], size)
            raise _Bad(reason, BadRecord(size, size + 1, None, reason))

    def _checkpoints_due(self, record: AuditRecord | None) -> None:
        """Compare the roots of the checkpoints whose size the chain has just reached."""
        while self.due < len(self.checkpoints) and self.checkpoints[self.due].tree_size == self.frontier.size:
            checkpoint = self.checkpoints[self.due]
            if self.frontier.root().hex() != checkpoint.root_hash:
                reason = prefix_problem(checkpoint)
                position = max(self.frontier.size - 1, 0)
                raise _Bad(reason, BadRecord(position, record.seq if record else None,
                                             record.record_id if record else None, reason))
            self.due += 1


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


def _check_link(record: AuditRecord, position: int, prev_hash: str, gate_id: str) -> None:
    expected = position + 1
    if record.gate_id != gate_id:
        raise _Bad(f"record of gate {record.gate_id} inside the chain of gate {gate_id}")
    if record.seq > expected:
        raise _Bad(f"seq {record.seq} where {expected} was expected: a record before it was deleted or moved")
    if record.seq < expected:
        raise _Bad(f"seq {record.seq} where {expected} was expected: record inserted or reordered")
    if record.prev_hash != prev_hash:
        raise _Bad("prev_hash does not link to the previous record: record inserted or reordered")
