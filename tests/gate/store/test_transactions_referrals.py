"""Transactions, referrals and run-time settings."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher

from gate.store import (
    FMR_TARGET,
    ConflictError,
    Database,
    GateRepository,
    NotFoundError,
    OfficerRepository,
    ReferralRepository,
    RuntimeSettingsRepository,
    TransactionRepository,
)

T0 = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def test_transaction_lifecycle(db: Database) -> None:
    clock = Clock()
    with db.sessions.begin() as session:
        GateRepository(session).ensure("gate-a")
        repo = TransactionRepository(session, clock)
        tx = repo.create("gate-a")
        repo.set_document(tx.id, "ab" * 32)
        assert [t.id for t in repo.open_with_document("ab" * 32)] == [tx.id]
        clock.now = T0 + timedelta(seconds=9)
        decided = repo.decide(tx.id, "REFER", ["FACE_MISMATCH", "PAD_ALARM"])
        with pytest.raises(ConflictError):
            repo.decide(tx.id, "OPEN")
    with db.sessions() as session:
        stored = TransactionRepository(session).get(tx.id)
        assert stored == decided
        assert stored.reasons == ("FACE_MISMATCH", "PAD_ALARM")
        assert stored.decided_at == T0 + timedelta(seconds=9) and stored.created_at == T0
        assert stored.created_at.tzinfo is not None
        assert TransactionRepository(session).open_with_document("ab" * 32) == []


def test_transaction_needs_a_known_gate(db: Database) -> None:
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), db.sessions.begin() as session:
        TransactionRepository(session).create("no-such-gate")


def test_referral_is_decided_once_by_a_known_officer(db: Database, fast_hasher: PasswordHasher) -> None:
    with db.sessions.begin() as session:
        GateRepository(session).ensure("gate-a")
        tx = TransactionRepository(session).create("gate-a")
        OfficerRepository(session, fast_hasher).create("le.chi", "a long enough password")
        referral = ReferralRepository(session).open(tx.id, ["FACE_MISMATCH"])
        with pytest.raises(ConflictError):
            ReferralRepository(session).open(tx.id, ["AGAIN"])
    with db.sessions.begin() as session:
        repo = ReferralRepository(session)
        assert [r.id for r in repo.find("open")] == [referral.id]
        with pytest.raises(NotFoundError):
            repo.decide(referral.id, "ghost", "admit", "looked fine")
        with pytest.raises(ValueError):
            repo.decide(referral.id, "le.chi", "admit", "  ")
        decided = repo.decide(referral.id, "le.chi", "second_line", "photo too old to compare")
        assert (decided.status, decided.officer, decided.verdict) == ("decided", "le.chi", "second_line")
        with pytest.raises(ConflictError):
            repo.decide(referral.id, "le.chi", "admit", "changed my mind")
    with db.sessions() as session:
        assert ReferralRepository(session).find("open") == []
        assert ReferralRepository(session).for_transaction(tx.id) == decided


def test_runtime_settings(db: Database) -> None:
    with db.sessions.begin() as session:
        repo = RuntimeSettingsRepository(session)
        assert repo.get(FMR_TARGET, "0.001") == "0.001"
        repo.set(FMR_TARGET, "0.0001", updated_by="admin")
        repo.set(FMR_TARGET, "0.001", updated_by="admin")
    with db.sessions() as session:
        assert RuntimeSettingsRepository(session).all() == {FMR_TARGET: "0.001"}


def test_a_document_claimed_in_an_open_transaction_makes_a_concurrent_claim_wait_then_fail(db: Database) -> None:
    """Two gates (two connections) claim one document at once. The second claim must wait for the first
    to commit and then see it; reading before the first commits would let both hold the document."""
    import threading

    with db.sessions.begin() as session:
        GateRepository(session).ensure("gate-a")
        first = TransactionRepository(session).create("gate-a")
        second = TransactionRepository(session).create("gate-a")
    since = datetime.now(UTC) - timedelta(minutes=15)
    outcome: list[bool] = []

    def claim_second() -> None:
        with db.sessions.begin() as other:
            outcome.append(TransactionRepository(other).claim_document(second.id, "cd" * 32, since))

    with db.sessions.begin() as session:
        assert TransactionRepository(session).claim_document(first.id, "cd" * 32, since)
        racer = threading.Thread(target=claim_second)
        racer.start()
        racer.join(timeout=0.5)
        assert racer.is_alive() and outcome == []  # held back while the first claim is uncommitted
    racer.join(timeout=10)
    assert outcome == [False]
    with db.sessions.begin() as session:  # a stale holder (created before the cutoff) no longer counts
        later = TransactionRepository(session).create("gate-a")
        assert TransactionRepository(session).claim_document(later.id, "cd" * 32, datetime.now(UTC))
