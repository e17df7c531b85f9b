"""Signed checkpoints: an RFC 6962 Merkle tree head over a gate's record hashes, signed by the gate.

A hash chain alone cannot see its last records being cut off; a checkpoint fixes the chain's size and
root at a point in time, so a later verification that finds fewer records, or other ones, fails. The
tree follows RFC 6962 §2.1 (leaf hash ``SHA-256(0x00 || leaf)``, node ``SHA-256(0x01 || l || r)``, split
at the largest power of two below ``n``); the leaves are the 32-byte record hashes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gate.audit.chain import canonical_json
from gate.audit.keys import key_id

CHECKPOINT_CONTEXT = b"egate-audit-checkpoint-v1\x00"


def merkle_root(leaves: Sequence[bytes]) -> bytes:
    """RFC 6962 Merkle Tree Hash of ``leaves`` (the hash of the empty string for no leaves)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    return _subtree(leaves, 0, len(leaves))


def _subtree(leaves: Sequence[bytes], start: int, end: int) -> bytes:
    n = end - start
    if n == 1:
        return hashlib.sha256(b"\x00" + leaves[start]).digest()
    split = 1 << ((n - 1).bit_length() - 1)
    left = _subtree(leaves, start, start + split)
    right = _subtree(leaves, start + split, end)
    return hashlib.sha256(b"\x01" + left + right).digest()


@dataclass(frozen=True)
class Checkpoint:
    gate_id: str
    tree_size: int
    root_hash: str
    timestamp: str
    key_id: str
    signature: str = ""

    def signed_bytes(self) -> bytes:
        fields = asdict(self)
        del fields["signature"]
        return CHECKPOINT_CONTEXT + canonical_json(fields)


def sign_checkpoint(
    gate_id: str, record_hashes: Sequence[str], timestamp: str, key: Ed25519PrivateKey
) -> Checkpoint:
    root = merkle_root([bytes.fromhex(h) for h in record_hashes]).hex()
    unsigned = Checkpoint(gate_id, len(record_hashes), root, timestamp, key_id(key.public_key()))
    signature = key.sign(unsigned.signed_bytes()).hex()
    return Checkpoint(gate_id, len(record_hashes), root, timestamp, unsigned.key_id, signature)


def checkpoint_problem(
    checkpoint: Checkpoint, record_hashes: Sequence[str], keys: Mapping[str, Ed25519PublicKey]
) -> str | None:
    """Why ``checkpoint`` does not hold for the chain ``record_hashes``, or ``None`` when it does."""
    public = keys.get(checkpoint.key_id)
    if public is None:
        return f"checkpoint signed by unknown key {checkpoint.key_id}"
    try:
        public.verify(bytes.fromhex(checkpoint.signature), checkpoint.signed_bytes())
    except (InvalidSignature, ValueError):
        return f"checkpoint at size {checkpoint.tree_size} has a bad signature"
    if checkpoint.tree_size > len(record_hashes):
        return (f"records missing at the end: checkpoint signed {checkpoint.tree_size} records, "
                f"the chain has {len(record_hashes)}")
    prefix = [bytes.fromhex(h) for h in record_hashes[: checkpoint.tree_size]]
    if merkle_root(prefix).hex() != checkpoint.root_hash:
        return f"the first {checkpoint.tree_size} records differ from the signed checkpoint"
    return None
