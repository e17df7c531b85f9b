"""``egate-lab eval fusion``: the command's glue on the gate's real calibrations (score pools stand in for
LFW and FVC, whose extraction takes minutes), and the LFW all-pairs owners against the real scan."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from matcher.evaluation.chimeric import ScorePool, all_pairs_owners
from scripts.lab import fusion_commands, fusion_scores
from scripts.lab.eval_face import all_pairs_scores
from scripts.lab.fusion_scores import PoolInfo
from scripts.lab.main import app


def test_owners_name_the_identity_of_each_all_pairs_genuine_score() -> None:
    rng = np.random.default_rng(0)
    names = ["Ann", "Bob", "Cy", "Dee"]
    paths = sorted(f"{n}/{n}_{i:04d}.jpg" for n in names for i in range(1, rng.integers(1, 6) + 1))
    ids = [p.split("/")[0] for p in paths]
    vectors = rng.normal(size=(len(paths), 8)).astype(np.float32)
    gen, _ = all_pairs_scores(paths, vectors, block=3, metric="cosine")
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    brute = [(names.index(ids[i]), float(unit[i] @ unit[j]))
             for i, j in itertools.combinations(range(len(paths)), 2) if ids[i] == ids[j]]
    np.testing.assert_array_equal(all_pairs_owners(ids), [o for o, _ in brute])
    np.testing.assert_allclose(gen, [s for _, s in brute], rtol=1e-5)


def _pools() -> tuple[tuple[ScorePool, PoolInfo], tuple[ScorePool, PoolInfo]]:
    """Scores on the scale of the gate's calibrations: cosine similarity, MCC similarity."""
    rng = np.random.default_rng(1)
    face_owner = np.repeat(np.arange(300), 3)
    face = ScorePool(rng.normal(0.62, 0.1, face_owner.size), face_owner, rng.normal(0.0, 0.1, 400_000))
    finger_owner = np.repeat(np.arange(60), 28)
    finger = ScorePool(rng.uniform(0.02, 0.4, finger_owner.size), finger_owner, rng.uniform(0.0, 0.03, 17_000))
    return ((face, PoolInfo(900, 300, face.genuine.size, face.impostor.size, 0)),
            (finger, PoolInfo(480, 60, finger.genuine.size, finger.impostor.size, 2)))


def test_eval_fusion_writes_the_documented_report(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  fingerprints_dir: Path) -> None:
    face, finger = _pools()
    monkeypatch.setattr(fusion_commands, "face_pool", lambda src: face)
    monkeypatch.setattr(fusion_commands, "finger_pool", lambda src: finger)
    report, plot = tmp_path / "fusion.json", tmp_path / "det.png"
    result = CliRunner().invoke(app, ["eval", "fusion", "--seeds", "2", "--impostors", "100000",
                                      "--report", str(report), "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    doc = json.loads(report.read_text())
    assert set(doc["fnmr_at_fmr"]) == {"face", "finger", "fused"}
    assert set(doc["fnmr_at_fmr"]["fused"]) == {"0.001", "0.0001"}
    assert doc["seeds"] == [0, 1] and len(doc["draws"]) == 2 and doc["impostors_per_draw"] == 100_000
    assert doc["face"]["model"] == "omz-face-reid-0095" and doc["finger"]["model"] == "finger-mcc-leader"
    for target in ("0.001", "0.0001"):
        fused = doc["rules"][target]["fused"]
        assert 0.0 <= fused["fmr"] <= 1.0 and fused["genuine_accept"] == pytest.approx(1 - fused["fnmr"])
        assert doc["all_combinations"]["rules"][target]["fused"]["fmr"] >= 0.0
    assert doc["all_combinations"]["impostor"] == 400_000 * 17_000
    assert doc["pools"]["finger"]["failures"] == 2
    assert plot.stat().st_size > 10_000


def test_eval_fusion_refuses_missing_shared_data(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("EGATE_SHARED", str(tmp_path))
    result = CliRunner().invoke(app, ["eval", "fusion", "--seeds", "1"])
    assert result.exit_code != 0 and "EGATE_SHARED" in result.output


def test_finger_pool_refuses_a_synthetic_set(tmp_path: Path) -> None:
    db = tmp_path / "fvc2004" / "DB4_B"
    db.mkdir(parents=True)
    with pytest.raises(ValueError, match="synthetic"):
        fusion_scores.finger_pool(fusion_scores.FingerSource((db,), "leader", "mcc", tmp_path / "cache"))
