"""RFC 6962 Merkle tree hashes and signed checkpoints."""

from __future__ import annotations

import hashlib
from dataclasses import replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gate.audit import keyring, merkle_root
from gate.audit.checkpoint import MerkleFrontier, checkpoint_problem, sign_checkpoint


def _leaf(data: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def test_rfc6962_known_values() -> None:
    assert merkle_root([]).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert merkle_root([b""]).hex() == "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"


def test_unbalanced_tree_splits_at_the_largest_power_of_two() -> None:
    leaves = [bytes([i]) for i in range(5)]
    left = _node(_node(_leaf(leaves[0]), _leaf(leaves[1])), _node(_leaf(leaves[2]), _leaf(leaves[3])))
    assert merkle_root(leaves) == _node(left, _leaf(leaves[4]))


def test_checkpoint_detects_changed_prefix_and_forged_signature() -> None:
    key = Ed25519PrivateKey.generate()
    hashes = [hashlib.sha256(bytes([i])).hexdigest() for i in range(7)]
    checkpoint = sign_checkpoint("gate-a", hashes[:5], "2026-05-01T09:00:00Z", key)
    keys = keyring([key.public_key()])
    assert checkpoint_problem(checkpoint, hashes, keys) is None
    changed = [*hashes[:2], "00" * 32, *hashes[3:]]
    assert "differ" in (checkpoint_problem(checkpoint, changed, keys) or "")
    bumped = replace(checkpoint, tree_size=6)
    assert "signature" in (checkpoint_problem(bumped, hashes, keys) or "")
    assert "unknown key" in (checkpoint_problem(checkpoint, hashes, {}) or "")


def _reference_root(leaves: list[bytes]) -> bytes:
    """RFC 6962 §2.1, written as the recursive definition."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return _leaf(leaves[0])
    split = 1 << ((len(leaves) - 1).bit_length() - 1)
    return _node(_reference_root(leaves[:split]), _reference_root(leaves[split:]))


def test_frontier_matches_the_recursive_definition_at_every_size() -> None:
    leaves = [hashlib.sha256(bytes([i])).digest() for i in range(33)]
    frontier = MerkleFrontier()
    assert frontier.root() == _reference_root([])
    for n, leaf in enumerate(leaves, start=1):
        frontier.append(leaf)
        assert frontier.root() == _reference_root(leaves[:n]) == merkle_root(leaves[:n]), n
