"""CLI: ``card issue --profile/--can``, ``card read --can``, ``pki masterlist build``, ``trust import``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.enrollment.chipkit import face_jpeg

runner = CliRunner()


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from gate.cli.main import app

    root = tmp_path_factory.mktemp("pace-cli")
    for name, country in (("pki", "VNM"), ("foreign", "FRA")):
        assert runner.invoke(app, ["pki", "init", str(root / name), "--country", country]).exit_code == 0
    (root / "face.jpg").write_bytes(face_jpeg())
    for profile in ("cccd", "passport"):
        result = runner.invoke(app, [
            "card", "issue", "--photo", str(root / "face.jpg"), "--surname", "Nguyen", "--given-names", "Duc",
            "--document-number", "001099012345", "--birth-date", "990101", "--expiry-date", "390101",
            "--pki", str(root / "pki"), "--out", str(root / f"{profile}.json"), "--profile", profile,
            "--can", "123456"])
        assert result.exit_code == 0, result.output
    return root


def read(root: Path, card: str, *key: str) -> tuple[int, dict[str, object]]:
    from gate.cli.main import app

    result = runner.invoke(app, ["card", "read", str(root / card), *key, "--trust-store",
                                 str(root / "pki" / "trust-store"), "--json"])
    return result.exit_code, json.loads(result.output)


def test_read_with_the_can(root: Path) -> None:
    code, doc = read(root, "cccd.json", "--can", "123456")
    assert code == 0 and doc["access_protocol"] == "PACE"
    code, doc = read(root, "cccd.json", "--can", "123457")
    checks = doc["checks"]
    assert code == 1 and isinstance(checks, list) and checks[0]["reason_code"] == "pace_failed"


def test_passport_profile_reads_with_bac_only(root: Path) -> None:
    code, doc = read(root, "passport.json", "--document-number", "001099012345", "--birth-date", "990101",
                     "--expiry-date", "390101")
    assert code == 0 and doc["access_protocol"] == "BAC"


def test_masterlist_build_and_trust_import(root: Path) -> None:
    from gate.cli.main import app

    ml = root / "ml.der"
    foreign_csca = root / "foreign" / "csca" / "csca-cert.pem"
    result = runner.invoke(app, ["pki", "masterlist", "build", str(root / "pki"), "--out", str(ml),
                                 "--cert", str(foreign_csca)])
    assert result.exit_code == 0, result.output
    store = root / "pki" / "trust-store"
    result = runner.invoke(app, ["trust", "import", str(ml), "--trust-store", str(store)])
    assert result.exit_code == 0 and "1 new" in result.output
    assert any(p.read_bytes() == foreign_csca.read_bytes() for p in store.glob("ml-*.pem"))
    # the foreign store does not trust the Vietnamese signer
    result = runner.invoke(app, ["trust", "import", str(ml), "--trust-store", str(root / "foreign" / "trust-store")])
    assert result.exit_code == 2 and "MasterListError" in result.output
