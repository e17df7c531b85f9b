"""``egate-lab eval dedup`` end to end on a tiny directory built in the test from real photos (the gate's
default face pipeline embeds them), on real ISO finger templates standing in for the FVC extraction, and
with score pools standing in for the chimeric fingers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageOps
from typer.testing import CliRunner

from matcher.evaluation.chimeric import ScorePool
from matcher.finger import iso19794_2
from scripts.lab import dedup_commands, fusion_scores
from scripts.lab.fusion_scores import PoolInfo
from scripts.lab.main import app
from tests.conftest import require


@pytest.fixture(scope="module")
def faces_dir(tmp_path_factory: pytest.TempPathFactory, face_samples: Path) -> Path:
    root = tmp_path_factory.mktemp("faces")
    (root / "obama").mkdir()
    for name in ("obama.jpg", "obama2.jpg", "obama3.jpg"):
        shutil.copy(require(face_samples / name), root / "obama" / name)
    (root / "biden").mkdir()
    shutil.copy(face_samples / "biden.jpg", root / "biden" / "a.jpg")
    ImageOps.mirror(Image.open(face_samples / "biden.jpg")).save(root / "biden" / "b.jpg")  # a second photo
    (root / "miranda").mkdir()
    Image.open(face_samples / "lin-manuel-miranda.png").convert("RGB").save(root / "miranda" / "only.jpg")
    (root / "empty").mkdir()  # no images: not an identity
    return root


def _run(*args: str) -> None:
    result = CliRunner().invoke(app, ["eval", "dedup", *args])
    assert result.exit_code == 0, result.output


def test_face_dedup_report_has_the_documented_keys(faces_dir: Path, tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    _run("--images", str(faces_dir), "--report", str(report), "--holdout", "0", "--cache", str(tmp_path / "c"),
         "--workers", "1")
    doc = json.loads(report.read_text())
    assert set(doc["fnir_at_fpir"]) == {"0.01", "0.001"} and doc["gallery_size"] == 2
    assert doc["face"]["split"] == {"gallery": 2, "mated_searches": 3, "non_mated_searches": 1,
                                    "held_out_identities": 0}
    assert doc["face"]["rank1_rate"] == 1.0  # both Obamas and the mirrored Biden find their mate first
    assert doc["fnir_at_fpir"]["0.01"] is None  # one non-mated search cannot measure FPIR 1 %
    assert doc["face"]["model"] == "omz-face-reid-0095"
    rule = doc["face"]["operating_rule"]["0.01"]
    assert rule["fnir"] == 0.0 and rule["fpir"] == 0.0


def test_fvc_and_chimeric_runs(faces_dir: Path, tmp_path: Path, fingerprints_dir: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    iso = require(fingerprints_dir / "iso19794-2" / "fvc2002_DB1_B")
    names = [f"{f}_{i}" for f in range(101, 111) for i in range(1, 4)]
    templates = [iso19794_2.decode((iso / f"{n}.iso").read_bytes()).templates[0] for n in names]
    monkeypatch.setattr(dedup_commands, "fvc_samples",
                        lambda sets, extractor, cache: ([n.split("_")[0] for n in names], templates))
    rng = np.random.default_rng(0)
    pool = ScorePool(rng.uniform(0.05, 0.4, 56), np.repeat(np.arange(2), 28), rng.uniform(0.0, 0.03, 5000))
    monkeypatch.setattr(fusion_scores, "finger_pool", lambda src: (pool, PoolInfo(16, 2, 56, 5000, 0)))
    report = tmp_path / "r.json"
    _run("--images", str(faces_dir), "--fvc", "--chimeric", "--seeds", "2", "--holdout", "0.2",
         "--report", str(report), "--cache", str(tmp_path / "c"), "--workers", "1")
    doc = json.loads(report.read_text())
    fvc = doc["fvc"]
    assert fvc["split"]["gallery"] == 8 and fvc["split"]["non_mated_searches"] == 6
    assert fvc["rank1_rate"] >= 0.8 and fvc["model"] == "finger-mcc-leader"
    assert fvc["prefilter"]["hit_rate_at_penetration"]["0.5"] >= 0.8
    chim = doc["chimeric"]
    assert len(chim["face+2fingers"]["draws"]) == 2 and chim["finger_pool"]["impostor"] == 5000
    assert doc["fnir_at_fpir"] == chim["face+2fingers"]["fnir_at_fpir"]


def test_bad_arguments_are_refused(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["eval", "dedup"]).exit_code == 2
    assert runner.invoke(app, ["eval", "dedup", "--chimeric", "--fvc"]).exit_code == 2
    (tmp_path / "nobody").mkdir()
    result = runner.invoke(app, ["eval", "dedup", "--images", str(tmp_path / "nobody")])
    assert result.exit_code == 2 and "no identity folders" in result.output
