"""Verification names the first bad record for every kind of tampering (pure, in memory)."""

from __future__ import annotations

from dataclasses import replace

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gate.audit import SealedRecord, keyring, seal, verify_records
from gate.audit.checkpoint import sign_checkpoint

from .chain_helpers import make_chain, rehashed, with_body


def test_intact_chain_verifies(gate_key: Ed25519PrivateKey) -> None:
    report = verify_records(make_chain(gate_key, 6), keyring([gate_key.public_key()]))
    assert report.ok and report.checked == 6 and report.gate_id == "gate-a"


def test_empty_chain_verifies(gate_key: Ed25519PrivateKey) -> None:
    assert verify_records([], keyring([gate_key.public_key()])).ok


def test_modified_record(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 6)
    chain[3] = with_body(chain[3], decision="REFER")
    bad = verify_records(chain, keyring([gate_key.public_key()])).first_bad
    assert bad is not None and (bad.position, bad.seq) == (3, 4) and "modified" in bad.reason


def test_modified_and_rehashed_record_fails_its_signature(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 6)
    chain[2] = rehashed(with_body(chain[2], decision="REFER"))
    bad = verify_records(chain, keyring([gate_key.public_key()])).first_bad
    assert bad is not None and bad.position == 2 and "signature" in bad.reason


def test_resigned_with_another_key_is_refused(gate_key: Ed25519PrivateKey) -> None:
    forger = Ed25519PrivateKey.generate()
    chain = make_chain(gate_key, 4)
    forged = make_chain(forger, 4)
    bad = verify_records([*chain[:2], *forged[2:]], keyring([gate_key.public_key()])).first_bad
    assert bad is not None and bad.position == 2 and "unknown key" in bad.reason


def test_deleted_record(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 6)
    del chain[2]
    bad = verify_records(chain, keyring([gate_key.public_key()])).first_bad
    assert bad is not None and (bad.position, bad.seq) == (2, 4) and "deleted" in bad.reason


def test_reordered_records(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 6)
    chain[2], chain[3] = chain[3], chain[2]
    bad = verify_records(chain, keyring([gate_key.public_key()])).first_bad
    assert bad is not None and (bad.position, bad.seq) == (2, 4)


def test_inserted_record(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 6)
    chain.insert(3, chain[1])
    bad = verify_records(chain, keyring([gate_key.public_key()])).first_bad
    assert bad is not None and (bad.position, bad.seq) == (3, 2) and "inserted" in bad.reason


def test_record_from_another_gate_is_refused(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 4)
    other = make_chain(gate_key, 4, gate_id="gate-b")
    bad = verify_records([*chain[:2], other[2], *chain[3:]], keyring([gate_key.public_key()])).first_bad
    assert bad is not None and bad.position == 2 and "gate-b" in bad.reason


def test_index_columns_must_agree_with_the_body(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 4)
    chain[1] = replace(chain[1], seq=7)
    bad = verify_records(chain, keyring([gate_key.public_key()])).first_bad
    assert bad is not None and bad.position == 1 and "columns" in bad.reason


def test_truncation_is_caught_by_a_signed_checkpoint(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 8)
    checkpoint = sign_checkpoint("gate-a", [s.hash for s in chain], "2026-05-01T09:00:00Z", gate_key)
    keys = keyring([gate_key.public_key()])
    assert verify_records(chain, keys, [checkpoint]).ok
    assert verify_records(chain[:6], keys).ok  # a bare chain cannot see its tail cut off
    bad = verify_records(chain[:6], keys, [checkpoint]).first_bad
    assert bad is not None and (bad.position, bad.seq) == (6, 7) and "missing at the end" in bad.reason


def test_json_lines_round_trip(gate_key: Ed25519PrivateKey) -> None:
    chain = make_chain(gate_key, 3)
    lines = [s.to_json_line() for s in chain]
    assert [SealedRecord.from_json_line(line) for line in lines] == chain


def test_sealing_is_deterministic_over_the_canonical_body(gate_key: Ed25519PrivateKey) -> None:
    record = make_chain(gate_key, 1)[0].record()
    assert seal(record, gate_key).hash == seal(record, gate_key).hash
