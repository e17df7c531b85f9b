"""``egate admin create-gate`` / ``create-officer`` on the configured SQLite database, and ``egate serve``'s
refusal of a weak token key."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gate.audit import verify_gate
from gate.cli.main import app
from gate.settings import load_settings
from gate.store import GateRepository, OfficerRepository, open_database

runner = CliRunner()


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("EGATE_HOME", str(tmp_path))
    monkeypatch.delenv("EGATE_STORE__DATABASE_URL", raising=False)
    return tmp_path


def test_admin_creates_gates_and_officers(home: Path) -> None:
    created = runner.invoke(app, ["admin", "create-gate", "gate-07"])
    assert created.exit_code == 0, created.output
    api_key = created.output.strip().splitlines()[-1]
    assert api_key.startswith("egk_")
    assert runner.invoke(app, ["admin", "create-gate", "gate-07"]).exit_code == 1
    rotated = runner.invoke(app, ["admin", "create-gate", "gate-07", "--rotate"])
    assert rotated.exit_code == 0 and rotated.output.strip().splitlines()[-1] != api_key
    assert runner.invoke(app, ["admin", "create-gate", "bad/id"]).exit_code == 2

    made = runner.invoke(app, ["admin", "create-officer", "le.chi", "--role", "supervisor"],
                         input="correct horse battery\ncorrect horse battery\n")
    assert made.exit_code == 0, made.output
    short = runner.invoke(app, ["admin", "create-officer", "tran.b", "--password-stdin"], input="short\n")
    assert short.exit_code == 1 and "shorter" in short.output
    assert runner.invoke(app, ["admin", "create-officer", "x", "--role", "root"]).exit_code == 2

    db = open_database(load_settings().store.resolve(home).database_url)
    try:
        with db.sessions() as s:
            assert GateRepository(s).authenticate(rotated.output.strip().splitlines()[-1]) is not None
            assert GateRepository(s).authenticate(api_key) is None
            assert OfficerRepository(s).authenticate("le.chi", "correct horse battery") is not None
        assert verify_gate(db.sessions, "gate-01").checked == 3  # two keys issued, one account
    finally:
        db.dispose()


def test_serve_refuses_a_weak_token_key(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EGATE_API__TOKEN_KEY", "changeme")
    result = runner.invoke(app, ["serve", "--port", "0"])
    assert result.exit_code == 2 and "at least 32" in result.output


@pytest.mark.parametrize("url", ["postgresql+psycopg://postgres@127.0.0.1:1/egate", "not a url",
                                 "mysql://gate@127.0.0.1/egate"])
def test_serve_with_a_bad_database_exits_with_one_line(home: Path, monkeypatch: pytest.MonkeyPatch,
                                                       url: str) -> None:
    monkeypatch.setenv("EGATE_STORE__DATABASE_URL", url)
    result = runner.invoke(app, ["serve", "--port", "0"])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("egate serve: ") and "Traceback" not in result.output
