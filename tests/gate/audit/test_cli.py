"""``egate audit verify`` and ``egate audit export`` on a SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import delete
from typer.testing import CliRunner

from gate.audit import AuditEvent, AuditLog, load_or_create_signing_key, write_public_key
from gate.cli.audit_commands import audit_app
from gate.store import open_database, sqlite_url
from gate.store.models import AuditRecordRow

runner = CliRunner()


@pytest.fixture()
def audited(tmp_path: Path) -> tuple[str, Path, Path]:
    """A database with 5 records of gate-a, the private key file and the public key file."""
    url = sqlite_url(tmp_path / "egate.db")
    key_path = tmp_path / "gate.pem"
    key = load_or_create_signing_key(key_path)
    db = open_database(url)
    log = AuditLog(db.sessions, "gate-a", key)
    log.register_gate()
    for i in range(5):
        log.append(AuditEvent(event_type="decision", transaction_id=f"tx-{i}", decision="OPEN"))
    db.dispose()
    write_public_key(key, tmp_path / "gate.pub.pem")
    return url, key_path, tmp_path / "gate.pub.pem"


def test_verify_valid_and_broken(audited: tuple[str, Path, Path]) -> None:
    url, _, public = audited
    result = runner.invoke(audit_app, ["verify", "--db", url, "--gate-key-public", str(public)])
    assert result.exit_code == 0, result.output
    assert "valid" in result.output
    db = open_database(url, upgrade=False)
    with db.sessions.begin() as session:
        session.execute(delete(AuditRecordRow).where(AuditRecordRow.seq == 2))
    db.dispose()
    result = runner.invoke(audit_app, ["verify", "--db", url, "--gate-key-public", str(public)])
    assert result.exit_code == 1
    assert "first bad record #2 (seq 3" in " ".join(result.output.split())


def test_verify_with_an_untrusted_key_fails(audited: tuple[str, Path, Path], tmp_path: Path) -> None:
    url, _, _ = audited
    write_public_key(Ed25519PrivateKey.generate(), tmp_path / "other.pem")
    result = runner.invoke(audit_app, ["verify", "--db", url, "--gate-key-public", str(tmp_path / "other.pem")])
    assert result.exit_code == 1 and "unknown key" in result.output


def test_export_then_verify_the_file(audited: tuple[str, Path, Path], tmp_path: Path) -> None:
    url, key_path, _ = audited
    out = tmp_path / "audit.jsonl"
    assert runner.invoke(audit_app, ["export", "--db", url, "--out", str(out)]).exit_code == 0
    assert len(out.read_text(encoding="utf-8").splitlines()) == 5
    public = tmp_path / "exported.pub.pem"
    assert runner.invoke(audit_app, ["public-key", "--key", str(key_path), "--out", str(public)]).exit_code == 0
    result = runner.invoke(audit_app, ["verify", "--jsonl", str(out), "--gate-key-public", str(public)])
    assert result.exit_code == 0, result.output


def test_missing_database_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(audit_app, ["verify", "--db", sqlite_url(tmp_path / "none.db")])
    assert result.exit_code == 2
