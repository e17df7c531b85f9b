"""Signed checkpoints: an RFC 6962 Merkle tree head over a gate's record hashes, signed by the gate.

A hash chain alone cannot see its last records being cut off; a checkpoint fixes the chain's size and
root at a point in time, so a later verification that finds fewer records, or other ones, fails. The
tree follows RFC 6962 §2.1 (leaf hash ``SHA-256(0x00 || leaf)``, node ``SHA-256(0x01 || l || r)``, split
at the largest power of two below ``n``); the leaves are the 32-byte record hashes.

:class:`MerkleFrontier` keeps only the roots of the perfect subtrees (at most log2 n of them), so the
root after each new leaf costs O(log n): writers and the verifier never re-read the whole chain.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gate.audit.chain import canonical_json
from gate.audit.keys import key_id

CHECKPOINT_CONTEXT = b"egate-audit-checkpoint-v1\x00"


@dataclass
class MerkleFrontier:
    """An append-only RFC 6962 tree, reduced to its perfect-subtree roots ``(height, hash)``."""

    size: int = 0
    _stack: list[tuple[int, bytes]] = field(default_factory=list)

    def append(self, leaf: bytes) -> None:
        height, node = 0, hashlib.sha256(b"\x00" + leaf).digest()
        while self._stack and self._stack[-1][0] == height:
            node = hashlib.sha256(b"\x01" + self._stack.pop()[1] + node).digest()
            height += 1
        self._stack.append((height, node))
        self.size += 1

    def copy(self) -> MerkleFrontier:
        return MerkleFrontier(self.size, list(self._stack))

    def extend(self, leaves: Iterable[bytes]) -> MerkleFrontier:
        for leaf in leaves:
            self.append(leaf)
        return self

    def root(self) -> bytes:
        if not self._stack:
            return hashlib.sha256(b"").digest()
        node = self._stack[-1][1]
        for _, left in reversed(self._stack[:-1]):
            node = hashlib.sha256(b"\x01" + left + node).digest()
        return node


def merkle_root(leaves: Iterable[bytes]) -> bytes:
    """RFC 6962 Merkle Tree Hash of ``leaves`` (the hash of the empty string for no leaves)."""
    return MerkleFrontier().extend(leaves).root()


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


def sign_tree_head(gate_id: str, tree_size: int, root_hash: str, timestamp: str,
                   key: Ed25519PrivateKey) -> Checkpoint:
    unsigned = Checkpoint(gate_id, tree_size, root_hash, timestamp, key_id(key.public_key()))
    return Checkpoint(gate_id, tree_size, root_hash, timestamp, unsigned.key_id,
                      key.sign(unsigned.signed_bytes()).hex())


def sign_checkpoint(gate_id: str, record_hashes: list[str], timestamp: str, key: Ed25519PrivateKey) -> Checkpoint:
    """Sign the tree head over all of ``record_hashes`` (hex)."""
    root = merkle_root(bytes.fromhex(h) for h in record_hashes).hex()
    return sign_tree_head(gate_id, len(record_hashes), root, timestamp, key)


def signature_problem(checkpoint: Checkpoint, keys: Mapping[str, Ed25519PublicKey]) -> str | None:
    public = keys.get(checkpoint.key_id)
    if public is None:
        return f"checkpoint signed by unknown key {checkpoint.key_id}"
    try:
        public.verify(bytes.fromhex(checkpoint.signature), checkpoint.signed_bytes())
    except (InvalidSignature, ValueError):
        return f"checkpoint at size {checkpoint.tree_size} has a bad signature"
    return None


def checkpoint_problem(checkpoint: Checkpoint, record_hashes: list[str],
                       keys: Mapping[str, Ed25519PublicKey]) -> str | None:
    """Why ``checkpoint`` does not hold for the chain ``record_hashes``, or ``None`` when it does."""
    problem = signature_problem(checkpoint, keys)
    if problem:
        return problem
    if checkpoint.tree_size > len(record_hashes):
        return truncation_problem(checkpoint, len(record_hashes))
    root = merkle_root(bytes.fromhex(h) for h in record_hashes[: checkpoint.tree_size])
    return None if root.hex() == checkpoint.root_hash else prefix_problem(checkpoint)


def truncation_problem(checkpoint: Checkpoint, chain_size: int) -> str:
    return (f"records missing at the end: checkpoint signed {checkpoint.tree_size} records, "
            f"the chain has {chain_size}")


def prefix_problem(checkpoint: Checkpoint) -> str:
    return f"the first {checkpoint.tree_size} records differ from the signed checkpoint"
