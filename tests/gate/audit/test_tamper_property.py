"""Property: any single deletion, swap, duplicate insertion or edit is caught at the right record,
provided a signed checkpoint covers the chain (without one, only a cut-off tail goes unseen)."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from gate.audit import SealedRecord, keyring, verify_records
from gate.audit.checkpoint import sign_checkpoint

from .chain_helpers import make_chain, with_body

KEY = Ed25519PrivateKey.generate()
N = 8
CHAIN = make_chain(KEY, N)
CHECKPOINT = sign_checkpoint("gate-a", [s.hash for s in CHAIN], "2026-05-01T09:00:00Z", KEY)
KEYS = keyring([KEY.public_key()])


def _tamper(kind: str, i: int, j: int) -> tuple[list[SealedRecord], int]:
    """The tampered chain and the position of the first record verification must name."""
    chain = list(CHAIN)
    if kind == "delete":
        del chain[i]
    elif kind == "swap":
        i, j = sorted((i, j if j != i else (i + 1) % N))
        chain[i], chain[j] = chain[j], chain[i]
    elif kind == "insert":
        chain.insert(i, CHAIN[j])
        if j == i:  # a copy placed just before its original: the original is the first out of place
            return chain, i + 1
    else:
        chain[i] = with_body(chain[i], decision="REFER")
    return chain, i


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(["delete", "swap", "insert", "modify"]), st.integers(0, N - 1), st.integers(0, N - 1))
def test_every_single_tampering_is_named(kind: str, i: int, j: int) -> None:
    chain, expected = _tamper(kind, i, j)
    report = verify_records(chain, KEYS, [CHECKPOINT])
    assert report.first_bad is not None, (kind, i, j)
    assert report.first_bad.position == expected, (kind, i, j, str(report.first_bad))
