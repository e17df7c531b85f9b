from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scripts.lab.main import app

runner = CliRunner()


def test_verify_same_person_exits_zero_with_the_audit_fields(face_samples: Path) -> None:
    result = runner.invoke(app, ["face", "verify", str(face_samples / "obama.jpg"), str(face_samples / "obama2.jpg"),
                                 "--json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output.strip().splitlines()[-1])
    assert doc["match"] is True and doc["fmr_target"] == 0.001 and doc["model"] == "dlib-resnet-v1"
    assert doc["score"] < doc["threshold"]


def test_verify_different_people_exits_one(face_samples: Path) -> None:
    result = runner.invoke(app, ["face", "verify", str(face_samples / "obama.jpg"), str(face_samples / "biden.jpg"),
                                 "--fmr", "0.01"])
    assert result.exit_code == 1
    assert "NO MATCH" in result.output


def test_verify_refuses_a_group_photo_with_a_typed_error(face_samples: Path) -> None:
    result = runner.invoke(app, ["face", "verify", str(face_samples / "two_people.jpg"),
                                 str(face_samples / "obama.jpg")])
    assert result.exit_code == 2
    assert "MultipleFacesError" in result.output


def test_verify_refuses_a_corrupt_file(face_samples: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes((face_samples / "obama.jpg").read_bytes()[:5000])
    result = runner.invoke(app, ["face", "verify", str(broken), str(face_samples / "obama.jpg")])
    assert result.exit_code == 2 and "IMAGE_UNREADABLE" in result.output


def test_quality_reports_guidance(face_samples: Path) -> None:
    result = runner.invoke(app, ["face", "quality", str(face_samples / "obama.jpg")])
    assert result.exit_code == 1  # a press photo is not a gate capture: eye distance below 120 px
    assert "EYE_DISTANCE_LOW" in result.output
