"""The audit log in the database (SQLite and PostgreSQL): append, tamper, verify, export, concurrency."""

from __future__ import annotations

import io
import threading
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete, select, update

from gate.audit import (
    AuditEvent,
    AuditLog,
    CheckRecord,
    ComparisonRecord,
    OfficerAction,
    export_jsonl,
    keyring,
    verify_database,
    verify_gate,
    verify_jsonl,
)
from gate.store import Database, NotFoundError
from gate.store.models import AuditRecordRow


def _event(i: int) -> AuditEvent:
    return AuditEvent(
        event_type="comparison", transaction_id=f"tx-{i}", document_pseudonym="cd" * 32,
        checks=(CheckRecord(kind="pa", result="pass"), CheckRecord(kind="stop_list", result="pass")),
        comparisons=(ComparisonRecord(modality="face", score=0.31 + i / 100, threshold=0.6, fmr_target=0.001,
                                model_id="dlib-resnet-v1", matched=True),),
        pad_score=0.05, decision="OPEN",
    )


def _log(db: Database, key: Ed25519PrivateKey, gate_id: str = "gate-a", checkpoint_every: int = 0) -> AuditLog:
    log = AuditLog(db.sessions, gate_id, key, checkpoint_every=checkpoint_every)
    log.register_gate()
    return log


def _filled(db: Database, key: Ed25519PrivateKey, n: int = 6, checkpoint_every: int = 0) -> AuditLog:
    log = _log(db, key, checkpoint_every=checkpoint_every)
    for i in range(n):
        log.append(_event(i))
    return log


def test_append_and_verify(db: Database, gate_key: Ed25519PrivateKey) -> None:
    _filled(db, gate_key)
    officer = OfficerAction(officer_id="le.chi", verdict="admit", reason="same person")
    _log(db, gate_key).append(AuditEvent(event_type="officer_decision", transaction_id="tx-2", officer=officer))
    report = verify_gate(db.sessions, "gate-a", keyring([gate_key.public_key()]))
    assert report.ok and report.checked == 7
    assert verify_gate(db.sessions, "gate-a").ok  # with the key registered in the database


def test_unregistered_gate_cannot_write(db: Database, gate_key: Ed25519PrivateKey) -> None:
    with pytest.raises(NotFoundError):
        AuditLog(db.sessions, "gate-x", gate_key).append(_event(0))


def _tamper(db: Database, *statements: object) -> None:
    with db.sessions.begin() as session:
        for statement in statements:
            session.execute(statement)  # type: ignore[call-overload]


def _first_bad_seq(db: Database, key: Ed25519PrivateKey) -> int | None:
    report = verify_gate(db.sessions, "gate-a", keyring([key.public_key()]))
    return None if report.first_bad is None else report.first_bad.seq


def test_modified_record_in_database(db: Database, gate_key: Ed25519PrivateKey) -> None:
    _filled(db, gate_key)
    with db.sessions() as session:
        body = session.scalar(select(AuditRecordRow.body).where(AuditRecordRow.seq == 4))
    assert body is not None
    _tamper(db, update(AuditRecordRow).where(AuditRecordRow.seq == 4)
            .values(body=body.replace('"OPEN"', '"REFER"')))
    assert _first_bad_seq(db, gate_key) == 4


def test_deleted_record_in_database(db: Database, gate_key: Ed25519PrivateKey) -> None:
    _filled(db, gate_key)
    _tamper(db, delete(AuditRecordRow).where(AuditRecordRow.seq == 3))
    assert _first_bad_seq(db, gate_key) == 4


def test_reordered_records_in_database(db: Database, gate_key: Ed25519PrivateKey) -> None:
    _filled(db, gate_key)
    _tamper(db,
            update(AuditRecordRow).where(AuditRecordRow.seq == 2).values(seq=-2),
            update(AuditRecordRow).where(AuditRecordRow.seq == 5).values(seq=2),
            update(AuditRecordRow).where(AuditRecordRow.seq == -2).values(seq=5))
    assert _first_bad_seq(db, gate_key) == 2


def test_inserted_record_in_database(db: Database, gate_key: Ed25519PrivateKey) -> None:
    _filled(db, gate_key)
    with db.sessions.begin() as session:
        shift = update(AuditRecordRow).where(AuditRecordRow.seq >= 4).values(seq=AuditRecordRow.seq + 10)
        session.execute(shift)
        copy = session.scalars(select(AuditRecordRow).where(AuditRecordRow.seq == 2)).one()
        session.add(AuditRecordRow(record_id="forged", gate_id="gate-a", seq=4, transaction_id=None,
                                   event_type=copy.event_type, created_at=copy.created_at, body=copy.body,
                                   hash=copy.hash, signature=copy.signature))
    report = verify_gate(db.sessions, "gate-a", keyring([gate_key.public_key()]))
    assert report.first_bad is not None and report.first_bad.record_id == "forged"
    assert report.first_bad.seq == 4 and "columns" in report.first_bad.reason


def test_truncated_tail_is_caught_by_checkpoints(db: Database, gate_key: Ed25519PrivateKey) -> None:
    log = _filled(db, gate_key, n=7, checkpoint_every=3)
    log.checkpoint()
    assert verify_gate(db.sessions, "gate-a", keyring([gate_key.public_key()])).checkpoints == 3
    _tamper(db, delete(AuditRecordRow).where(AuditRecordRow.seq == 7))
    assert _first_bad_seq(db, gate_key) == 7


def test_append_in_rolls_back_with_the_callers_transaction(db: Database, gate_key: Ed25519PrivateKey) -> None:
    log = _filled(db, gate_key, n=2)
    with db.sessions() as session:
        log.append_in(session, _event(9))
        session.rollback()
    assert log.append(_event(10)).seq == 3
    assert verify_gate(db.sessions, "gate-a", keyring([gate_key.public_key()])).ok


def test_export_and_verify_json_lines(db: Database, gate_key: Ed25519PrivateKey, tmp_path: Path) -> None:
    _filled(db, gate_key, n=4)
    _filled_b = _log(db, gate_key, "gate-b")
    _filled_b.append(_event(0))
    out = io.StringIO()
    assert export_jsonl(db.sessions, out) == 5
    path = tmp_path / "audit.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    reports = verify_jsonl(path, keyring([gate_key.public_key()]))
    assert sorted((r.gate_id, r.checked, r.ok) for r in reports) == [("gate-a", 4, True), ("gate-b", 1, True)]
    lines = out.getvalue().splitlines()
    path.write_text("\n".join([lines[0], lines[2], lines[1], *lines[3:]]), encoding="utf-8")
    broken = [r for r in verify_jsonl(path, keyring([gate_key.public_key()])) if not r.ok]
    assert broken and broken[0].first_bad is not None and broken[0].first_bad.seq == 3


def test_concurrent_gates_keep_their_chains_valid(db: Database, gate_key: Ed25519PrivateKey) -> None:
    logs = [_log(db, gate_key, gate) for gate in ("gate-a", "gate-b")]
    errors: list[BaseException] = []

    def write(log: AuditLog) -> None:
        try:
            for i in range(15):
                log.append(_event(i))
        except BaseException as exc:  # reported below
            errors.append(exc)

    # two writers per gate: the same gate's chain is contended, the other gate's is not
    threads = [threading.Thread(target=write, args=(log,)) for log in logs for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    reports = verify_database(db.sessions, keyring([gate_key.public_key()]))
    assert [(r.gate_id, r.checked, r.ok) for r in reports] == [("gate-a", 30, True), ("gate-b", 30, True)]


def test_appends_inside_larger_transactions_do_not_deadlock(db: Database, gate_key: Ed25519PrivateKey) -> None:
    """Two sessions each insert a row referencing the gate, then append: PostgreSQL must not deadlock.
    (SQLite serialises whole write transactions, so the interleaving cannot arise there.)"""
    if db.engine.dialect.name == "sqlite":
        pytest.skip("SQLite serialises write transactions (BEGIN IMMEDIATE)")
    from gate.store import TransactionRepository

    log = _log(db, gate_key)
    barrier = threading.Barrier(2, timeout=10)
    errors: list[BaseException] = []

    def work(i: int) -> None:
        try:
            with db.sessions.begin() as session:
                TransactionRepository(session).create("gate-a", transaction_id=f"tx-{i}")
                barrier.wait()
                log.append_in(session, _event(i))
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert verify_gate(db.sessions, "gate-a", keyring([gate_key.public_key()])).checked == 2


def test_incremental_checkpoints_survive_a_rolled_back_append(db: Database, gate_key: Ed25519PrivateKey) -> None:
    log = _filled(db, gate_key, n=5, checkpoint_every=6)
    with db.sessions() as session:
        log.append_in(session, _event(5))  # seq 6: signs a checkpoint inside this transaction
        session.rollback()
    log.append(_event(6))  # a different seq 6, and its checkpoint must not reuse the rolled-back tree
    log.append(_event(7))
    assert log.checkpoint().tree_size == 7
    report = verify_gate(db.sessions, "gate-a", keyring([gate_key.public_key()]))
    assert report.ok and report.checkpoints == 2
