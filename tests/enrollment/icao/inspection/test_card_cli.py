"""``egate pki init``, ``egate card issue`` and ``egate card read`` through the typer app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.enrollment.chipkit import FMR, face_jpeg

runner = CliRunner()


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gate.cli.main import app

    root = tmp_path_factory.mktemp("cli")
    assert runner.invoke(app, ["pki", "init", str(root / "pki")]).exit_code == 0
    (root / "face.jpg").write_bytes(face_jpeg())
    (root / "f1.iso").write_bytes(FMR)
    result = runner.invoke(app, [
        "card", "issue", "--photo", str(root / "face.jpg"), "--surname", "Nguyễn Văn", "--given-names", "Đức",
        "--document-number", "001099012345", "--birth-date", "990101", "--expiry-date", "390101", "--sex", "M",
        "--finger-template", str(root / "f1.iso"), "--pki", str(root / "pki"), "--out", str(root / "card.json"),
        "--place-of-origin", "Hà Nội"])
    assert result.exit_code == 0, result.output
    return root


def read(root: Path, *extra: str, number: str = "001099012345") -> tuple[int, dict[str, object]]:
    from gate.cli.main import app

    result = runner.invoke(app, ["card", "read", str(root / "card.json"), "--document-number", number,
                                 "--birth-date", "990101", "--expiry-date", "390101",
                                 "--trust-store", str(root / "pki" / "trust-store"), "--json", *extra])
    return result.exit_code, json.loads(result.output)


def test_read_passes_and_exits_zero(issued: Path) -> None:
    code, doc = read(issued, "--terminal-key", str(issued / "pki" / "terminal" / "terminal-key.pem"))
    assert code == 0 and doc["passed"] is True
    document = doc["document"]
    assert isinstance(document, dict) and document["finger_templates"] == 1
    assert document["dg13"]["place_of_origin"] == "Hà Nội"


def test_wrong_mrz_exits_one(issued: Path) -> None:
    code, doc = read(issued, number="001099012344")
    checks = doc["checks"]
    assert code == 1 and isinstance(checks, list) and checks[0]["status"] == "failed"


def test_not_a_template_is_refused(issued: Path) -> None:
    from gate.cli.main import app

    (issued / "bad.iso").write_bytes(b"\xff\xd8\xff not a template" + bytes(40))
    result = runner.invoke(app, [
        "card", "issue", "--photo", str(issued / "face.jpg"), "--surname", "A", "--given-names", "B",
        "--document-number", "001099012345", "--birth-date", "990101", "--expiry-date", "390101",
        "--finger-template", str(issued / "bad.iso"), "--pki", str(issued / "pki"), "--out", str(issued / "x")])
    assert result.exit_code == 2 and "19794-2" in result.output
