"""The desk's cases and samples: optimistic updates, biometrics encrypted and bound to their slot,
purge; and the clerk role the migration admits (SQLite and PostgreSQL)."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update

from gate.service.desk_codec import raw_after_upload
from gate.store import CaptureCipher, CaptureDecryptError, ConflictError, Database, NotFoundError, OfficerRepository
from gate.store.desk import DeskCaseRepository
from gate.store.models import DeskSampleRow

T0 = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)
CASE = "a" * 32


@pytest.fixture
def cipher() -> CaptureCipher:
    return CaptureCipher(os.urandom(32))


def test_a_case_is_created_read_and_updated_once_per_version(db: Database, cipher: CaptureCipher) -> None:
    with db.sessions.begin() as s:
        created = DeskCaseRepository(s, cipher).create(CASE, "desk-01", "draft", "clerk-lan", T0, {"slots": {}})
    assert created.version == 1 and created.body == {"slots": {}}
    with db.sessions.begin() as s:
        updated = DeskCaseRepository(s, cipher).update(CASE, 1, "captured", {"slots": {"face": 1}})
    assert (updated.state, updated.version, updated.body["slots"]) == ("captured", 2, {"face": 1})
    with db.sessions.begin() as s, pytest.raises(ConflictError):
        DeskCaseRepository(s, cipher).update(CASE, 1, "draft", {})  # a stale version: someone else won
    with db.sessions() as s:
        repo = DeskCaseRepository(s, cipher)
        assert [c.id for c in repo.for_desk("desk-01")] == [CASE]
        assert repo.for_desk("desk-01", ("issued",)) == [] and repo.for_desk("desk-02") == []
        with pytest.raises(NotFoundError):
            repo.get("b" * 32)


def test_samples_are_encrypted_bound_to_their_slot_and_purged(db: Database, cipher: CaptureCipher) -> None:
    secret = b"\xff\xd8 a portrait JPEG"
    with db.sessions.begin() as s:
        repo = DeskCaseRepository(s, cipher)
        repo.create(CASE, "desk-01", "draft", "clerk-lan", T0, {})
        repo.put_samples(CASE, {("face", "image"): secret, ("finger:2", "template"): b"FMR\x00"})
        repo.put_samples(CASE, {("face", "image"): secret + b"!"})  # a better capture replaces the first
    with db.sessions() as s:
        rows = list(s.scalars(select(DeskSampleRow)))
        assert len(rows) == 2 and all(secret not in r.ciphertext for r in rows)
        assert DeskCaseRepository(s, cipher).samples(CASE)[("face", "image")] == secret + b"!"
    with db.sessions.begin() as s:  # moved to another slot, the blob no longer decrypts
        s.execute(update(DeskSampleRow).where(DeskSampleRow.slot == "face").values(slot="iris:left"))
    with db.sessions() as s, pytest.raises(CaptureDecryptError):
        DeskCaseRepository(s, cipher).samples(CASE)
    with db.sessions() as s, pytest.raises(CaptureDecryptError):
        DeskCaseRepository(s, CaptureCipher(os.urandom(32))).samples(CASE)  # another key
    with db.sessions.begin() as s:
        assert DeskCaseRepository(s, cipher).purge_samples(CASE) == 2
    with db.sessions() as s:
        repo = DeskCaseRepository(s, cipher)
        assert repo.samples(CASE) == {} and repo.sample_count(CASE) == 0 and repo.get(CASE).state == "draft"


def test_the_clerk_role_is_admitted(db: Database) -> None:
    with db.sessions.begin() as s:
        clerk = OfficerRepository(s, PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)).create(
            "clerk-lan", "correct horse battery", "clerk")
    assert clerk.role == "clerk" and not clerk.has_role("officer") and clerk.has_role("clerk")


def test_only_the_named_parts_are_purged(db: Database, cipher: CaptureCipher) -> None:
    parts = {("face", "image"): b"photo", ("face", "template"): b"portrait", ("finger:2", "image"): b"print",
             ("finger:2", "template"): b"FMR\x00", ("iris:right", "image"): b"eye", ("iris:right", "template"): b"code"}
    with db.sessions.begin() as s:
        repo = DeskCaseRepository(s, cipher)
        repo.create(CASE, "desk-01", "dedup_pending", "clerk-lan", T0, {})
        repo.put_samples(CASE, parts)
    with db.sessions.begin() as s:
        repo = DeskCaseRepository(s, cipher)
        assert repo.purge_samples(CASE, raw_after_upload(repo.sample_keys(CASE))) == 3
        assert repo.purge_samples(CASE, []) == 0
    with db.sessions() as s:
        kept = DeskCaseRepository(s, cipher).samples(CASE)
    assert kept == {("face", "template"): b"portrait", ("finger:2", "template"): b"FMR\x00",
                    ("iris:right", "image"): b"eye"}
