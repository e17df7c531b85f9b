"""The encrypted capture vault: only referred transactions, AES-GCM bound to the transaction, purge."""

from __future__ import annotations

import base64
import stat
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import update

from gate.store import (
    CaptureCipher,
    CaptureDecryptError,
    CaptureKeyError,
    CaptureNotAllowedError,
    CaptureVault,
    Database,
    GateRepository,
    OfficerRepository,
    ReferralRepository,
    TransactionRepository,
    create_capture_key_file,
    load_capture_key,
)
from gate.store.models import CaptureRow

T0 = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
KEY = bytes(range(32))
JPEG = b"\xff\xd8\xff\xe0" + b"live-frame" * 100


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


def _referred_transaction(db: Database, referred: bool = True) -> str:
    with db.sessions.begin() as session:
        GateRepository(session).ensure("gate-a")
        tx = TransactionRepository(session).create("gate-a")
        if referred:
            ReferralRepository(session).open(tx.id, ["FACE_MISMATCH"])
    return tx.id


def test_store_and_load_round_trip_encrypted(db: Database) -> None:
    tx = _referred_transaction(db)
    with db.sessions.begin() as session:
        info = CaptureVault(session, CaptureCipher(KEY)).store(tx, "face_live", JPEG)
    with db.sessions() as session:
        row = session.get(CaptureRow, info.id)
        assert row is not None and b"live-frame" not in row.ciphertext and len(row.nonce) == 12
        assert CaptureVault(session, CaptureCipher(KEY)).load(info.id) == JPEG


def test_captures_only_for_referred_transactions(db: Database) -> None:
    tx = _referred_transaction(db, referred=False)
    with pytest.raises(CaptureNotAllowedError), db.sessions.begin() as session:
        CaptureVault(session, CaptureCipher(KEY)).store(tx, "face_live", JPEG)


def test_wrong_key_tampered_blob_or_moved_blob_fail(db: Database) -> None:
    tx, other = _referred_transaction(db), _referred_transaction(db)
    with db.sessions.begin() as session:
        info = CaptureVault(session, CaptureCipher(KEY)).store(tx, "face_live", JPEG)
    with pytest.raises(CaptureDecryptError), db.sessions() as session:
        CaptureVault(session, CaptureCipher(bytes(32))).load(info.id)
    with db.sessions.begin() as session:
        row = session.get(CaptureRow, info.id)
        assert row is not None
        row.ciphertext = bytes([row.ciphertext[0] ^ 1]) + row.ciphertext[1:]
    with pytest.raises(CaptureDecryptError), db.sessions() as session:
        CaptureVault(session, CaptureCipher(KEY)).load(info.id)
    with db.sessions.begin() as session:
        second = CaptureVault(session, CaptureCipher(KEY)).store(tx, "face_live", JPEG)
        session.execute(update(CaptureRow).where(CaptureRow.id == second.id).values(transaction_id=other))
    with pytest.raises(CaptureDecryptError), db.sessions() as session:
        CaptureVault(session, CaptureCipher(KEY)).load(second.id)


def test_purge_after_retention_and_after_decision(db: Database, fast_hasher: PasswordHasher) -> None:
    clock = Clock()
    kept, decided = _referred_transaction(db), _referred_transaction(db)
    with db.sessions.begin() as session:
        vault = CaptureVault(session, CaptureCipher(KEY), retention=timedelta(days=7), clock=clock)
        old = vault.store(kept, "face_live", JPEG)
        clock.now = T0 + timedelta(days=3)
        young = vault.store(kept, "face_live", JPEG)
        done = vault.store(decided, "face_live", JPEG)
        OfficerRepository(session, fast_hasher).create("pham.dung", "a long enough password")
        referral = ReferralRepository(session).for_transaction(decided)
        assert referral is not None
        ReferralRepository(session).decide(referral.id, "pham.dung", "admit", "same person, new glasses")
    clock.now = T0 + timedelta(days=7)
    with db.sessions.begin() as session:
        vault = CaptureVault(session, CaptureCipher(KEY), retention=timedelta(days=7), clock=clock)
        assert {c.id for c in vault.purge()} == {old.id, done.id}
        assert [c.id for c in vault.for_transaction(kept)] == [young.id]
        assert vault.purge() == []
    clock.now = T0 + timedelta(days=10)
    with db.sessions.begin() as session:
        vault = CaptureVault(session, CaptureCipher(KEY), retention=timedelta(days=7), clock=clock)
        assert [c.id for c in vault.purge()] == [young.id]


def test_purge_transaction_right_after_decision(db: Database) -> None:
    tx = _referred_transaction(db)
    with db.sessions.begin() as session:
        vault = CaptureVault(session, CaptureCipher(KEY))
        vault.store(tx, "face_live", JPEG)
        vault.store(tx, "finger_live", b"wsq")
        assert len(vault.purge_transaction(tx)) == 2
        assert vault.for_transaction(tx) == []


def test_key_from_environment_or_file(tmp_path: Path) -> None:
    encoded = base64.b64encode(KEY).decode()
    assert load_capture_key(None, {"EGATE_CAPTURE_KEY": encoded}) == KEY
    path = tmp_path / "keys" / "capture.key"
    created = create_capture_key_file(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_capture_key(path, {}) == created
    assert load_capture_key(path, {"EGATE_CAPTURE_KEY": encoded}) == KEY
    with pytest.raises(CaptureKeyError):
        create_capture_key_file(path)
    with pytest.raises(CaptureKeyError):
        load_capture_key(None, {})
    with pytest.raises(CaptureKeyError):
        load_capture_key(None, {"EGATE_CAPTURE_KEY": base64.b64encode(b"short").decode()})
    with pytest.raises(CaptureKeyError):
        load_capture_key(None, {"EGATE_CAPTURE_KEY": "not base64!"})


def test_an_expired_capture_cannot_be_viewed_even_before_the_purge(db: Database) -> None:
    from gate.store import NotFoundError

    clock = Clock()
    tx = _referred_transaction(db)
    with db.sessions.begin() as session:
        vault = CaptureVault(session, CaptureCipher(KEY), retention=timedelta(days=7), clock=clock)
        capture = vault.store(tx, "face_live", JPEG)
        clock.now = T0 + timedelta(days=7) - timedelta(seconds=1)
        assert vault.load(capture.id) == JPEG
        clock.now = T0 + timedelta(days=7)
        with pytest.raises(NotFoundError, match="retention"):
            vault.load(capture.id)
