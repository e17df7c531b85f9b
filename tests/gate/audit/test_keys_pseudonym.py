"""The gate key file and document pseudonyms."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from gate.audit import (
    AuditKeyError,
    document_pseudonym,
    key_id,
    load_or_create_pseudonym_key,
    load_or_create_signing_key,
    load_public_key,
    load_signing_key,
    write_public_key,
)


def test_key_is_created_0600_and_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "gate.pem"
    key = load_or_create_signing_key(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert key_id(load_or_create_signing_key(path).public_key()) == key_id(key.public_key())
    write_public_key(key, tmp_path / "gate.pub.pem")
    assert key_id(load_public_key(tmp_path / "gate.pub.pem")) == key_id(key.public_key())


def test_loose_permissions_and_garbage_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "gate.pem"
    load_or_create_signing_key(path)
    os.chmod(path, 0o644)
    with pytest.raises(AuditKeyError, match="group/others"):
        load_signing_key(path)
    garbage = tmp_path / "garbage.pem"
    garbage.write_bytes(b"not a key")
    os.chmod(garbage, 0o600)
    with pytest.raises(AuditKeyError):
        load_signing_key(garbage)
    with pytest.raises(AuditKeyError):
        load_public_key(tmp_path / "missing.pem")


def test_pseudonym_is_keyed_and_normalised(tmp_path: Path) -> None:
    key = load_or_create_pseudonym_key(tmp_path / "pseudonym.key", {})
    assert stat.S_IMODE((tmp_path / "pseudonym.key").stat().st_mode) == 0o600
    assert load_or_create_pseudonym_key(tmp_path / "pseudonym.key", {}) == key
    a = document_pseudonym(key, "c0123456<", "VNM")
    assert a == document_pseudonym(key, "C0123456", "vnm") and len(a) == 64
    assert a != document_pseudonym(key, "C0123457", "VNM")
    assert a != document_pseudonym(bytes(32), "C0123456", "VNM")
    assert "C0123456" not in a
    with pytest.raises(ValueError):
        document_pseudonym(b"short", "C0123456")
