"""Gate API keys and officer accounts."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from gate.store import ConflictError, Database, GateRepository, NotFoundError, OfficerRepository


def test_gate_api_key_authenticates_only_its_gate(db: Database) -> None:
    with db.sessions.begin() as session:
        gate_a, key_a = GateRepository(session).create("gate-a", "Gate A")
        _, key_b = GateRepository(session).create("gate-b", "Gate B")
    with db.sessions() as session:
        repo = GateRepository(session)
        assert repo.authenticate(key_a) == gate_a
        authenticated_b = repo.authenticate(key_b)
        assert authenticated_b is not None and authenticated_b.id == "gate-b"
        assert repo.authenticate(key_a + "x") is None
        assert repo.authenticate("") is None


def test_gate_key_rotation_revokes_the_old_key(db: Database) -> None:
    with db.sessions.begin() as session:
        _, old = GateRepository(session).create("gate-a", "Gate A")
        new = GateRepository(session).rotate_api_key("gate-a")
    with db.sessions() as session:
        assert GateRepository(session).authenticate(old) is None
        assert GateRepository(session).authenticate(new) is not None


def test_gate_duplicates_are_refused(db: Database) -> None:
    with db.sessions.begin() as session:
        GateRepository(session).create("gate-a", "Gate A")
        with pytest.raises(ConflictError):
            GateRepository(session).create("gate-a", "Other")
        with pytest.raises(ConflictError):
            GateRepository(session).create("gate-z", "Gate A")


def test_api_key_hash_is_stored_not_the_key(db: Database) -> None:
    from gate.store.models import GateRow

    with db.sessions.begin() as session:
        _, key = GateRepository(session).create("gate-a", "Gate A")
        row = session.get(GateRow, "gate-a")
        assert row is not None and row.api_key_hash is not None and key not in row.api_key_hash


def test_officer_password_and_roles(db: Database, fast_hasher: PasswordHasher) -> None:
    with db.sessions.begin() as session:
        repo = OfficerRepository(session, fast_hasher)
        created = repo.create("nguyen.an", "correct horse battery", "supervisor")
        assert created.has_role("officer") and created.has_role("supervisor")
        assert not created.has_role("admin")
        with pytest.raises(ConflictError):
            repo.create("nguyen.an", "another long password", "officer")
        with pytest.raises(ValueError):
            repo.create("short", "tooshort", "officer")
    with db.sessions.begin() as session:
        repo = OfficerRepository(session, fast_hasher)
        assert repo.authenticate("nguyen.an", "correct horse battery") == created
        assert repo.authenticate("nguyen.an", "wrong password!!") is None
        assert repo.authenticate("nobody", "correct horse battery") is None
        repo.deactivate("nguyen.an")
        assert repo.authenticate("nguyen.an", "correct horse battery") is None
        with pytest.raises(NotFoundError):
            repo.get("nobody")


def test_officer_hash_is_argon2id_and_upgraded_on_login(db: Database, fast_hasher: PasswordHasher) -> None:
    from gate.store.models import OfficerRow

    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    with db.sessions.begin() as session:
        OfficerRepository(session, fast_hasher).create("tran.binh", "a long enough password", "admin")
    with db.sessions.begin() as session:
        assert OfficerRepository(session, stronger).authenticate("tran.binh", "a long enough password")
        row = session.query(OfficerRow).filter_by(username="tran.binh").one()
        assert row.password_hash.startswith("$argon2id$") and "t=2" in row.password_hash


def test_a_name_no_account_can_have_fails_like_a_wrong_password(db: Database, fast_hasher: PasswordHasher) -> None:
    """NUL and other characters no username may hold never reach the query (PostgreSQL refuses NUL)."""
    with db.sessions.begin() as session:
        repo = OfficerRepository(session, fast_hasher)
        repo.create("officer-a", "correct horse battery", "officer")
        assert repo.authenticate("\x00", "correct horse battery") is None
        assert repo.authenticate("officer-a\x00", "correct horse battery") is None
        assert repo.authenticate("officer-a", "correct horse battery") is not None
