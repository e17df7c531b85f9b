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


def read(root: Path, *extra: str, number: str = "001099012345",
         card: str = "card.json") -> tuple[int, dict[str, object]]:
    from gate.cli.main import app

    result = runner.invoke(app, ["card", "read", str(root / card), "--document-number", number,
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


@pytest.mark.parametrize("content", [b"[" * 2000, b"\xff\xfe", b'{"format": "egate-virtual-card/1"}'],
                         ids=["deep-json", "not-utf8", "no-files"])
def test_read_of_a_hostile_card_file_exits_two_with_a_typed_error(issued: Path, content: bytes) -> None:
    from gate.cli.main import app

    (issued / "hostile.json").write_bytes(content)
    result = runner.invoke(app, ["card", "read", str(issued / "hostile.json"), "--document-number", "001099012345",
                                 "--birth-date", "990101", "--expiry-date", "390101",
                                 "--trust-store", str(issued / "pki" / "trust-store")])
    assert result.exit_code == 2 and isinstance(result.exception, SystemExit) and "CardFileError" in result.output


def test_read_of_a_chip_with_a_malformed_ds_certificate_reports_the_failed_check(issued: Path) -> None:
    from dataclasses import replace

    from cryptography.hazmat.primitives.serialization import Encoding

    from enrollment.icao.card_file import load_card, save_card
    from enrollment.icao.lds import registry
    from enrollment.icao.lds.sod import decode_sod

    image = load_card(issued / "card.json")
    sod = image.files[registry.SOD.fid]
    ds_certificate = decode_sod(sod).ds_certificate
    assert ds_certificate is not None
    ds = ds_certificate.public_bytes(Encoding.DER)
    at = ds.index(b"\xa0\x03\x02\x01\x02") + 4  # the version, v3 (2) → 0x0A
    bad = sod.replace(ds, ds[:at] + b"\x0a" + ds[at + 1 :])
    save_card(replace(image, files={**image.files, registry.SOD.fid: bad}), issued / "bad-ds.json")
    code, doc = read(issued, card="bad-ds.json")
    checks = {c["name"]: (c["status"], c["reason_code"]) for c in doc["checks"]}  # type: ignore[attr-defined]
    assert code == 1 and checks["sod_decode"] == ("failed", "ds_certificate_malformed")
