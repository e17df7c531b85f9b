"""``egate-lab eval finger`` end to end on one real FVC set, with the shared ISO templates (no extraction)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from scripts.lab.main import app
from tests.conftest import require


def test_eval_finger_writes_the_documented_report(fingerprints_dir: Path, tmp_path: Path) -> None:
    db = require(fingerprints_dir / "fvc2002" / "DB1_B")
    report, plot = tmp_path / "r.json", tmp_path / "det.png"
    result = CliRunner().invoke(app, ["eval", "finger", "--db", str(db), "--extractor", "secugen",
                                      "--matcher", "bozorth3", "--report", str(report), "--plot", str(plot)])
    assert result.exit_code == 0, result.output
    doc = json.loads(report.read_text())
    figures = doc["sets"]["fvc2002_DB1_B"]
    assert doc["matcher"] == "bozorth3" and figures["n_genuine"] == 280 and figures["n_impostor"] == 2880
    assert figures["fvc_protocol"]["n_impostor"] == 45
    assert 0.0 < figures["eer"] < 0.5 and set(figures["fnmr_at_fmr"]) == {"0.01", "0.001"}
    assert doc["pooled_real"]["eer"] == figures["eer"]  # one real set: pooled is that set
    assert doc["extract_ms"] >= 0 and doc["match_ms"] > 0
    assert plot.stat().st_size > 10_000


def test_eval_finger_refuses_a_directory_without_impressions(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "finger", "--db", str(tmp_path)])
    assert result.exit_code != 0


def test_template_cache_round_trips_and_a_damaged_entry_is_extracted_again(tmp_path: Path) -> None:
    from matcher.finger.template import make_template
    from scripts.lab.finger_templates import _load_cached, _save_cached

    t = make_template([10, 50, 90, 120], [20, 60, 30, 80], [0.1, 1.2, 2.3, 3.4], width=200, height=220,
                      quality=[90, 80, 70, 60], nfiq2=55, extractor="gabor-mindtct")
    path = tmp_path / "set" / "101_1.npz"
    _save_cached(path, t, 12.5)
    loaded = _load_cached(path)
    assert loaded is not None and loaded[1] == 12.5
    assert not isinstance(loaded[0], str) and loaded[0].same_minutiae(t)
    assert [p.name for p in path.parent.iterdir()] == ["101_1.npz"]  # no temporary file left
    _save_cached(tmp_path / "set" / "101_2.npz", "FINGER_TOO_FEW_MINUTIAE", 3.0)
    assert _load_cached(tmp_path / "set" / "101_2.npz") == ("FINGER_TOO_FEW_MINUTIAE", 3.0)
    path.write_bytes(path.read_bytes()[:-40])  # a write cut short
    assert _load_cached(path) is None
    path.write_bytes(b"")  # what a killed non-atomic writer leaves
    assert _load_cached(path) is None
    assert _load_cached(tmp_path / "set" / "missing.npz") is None


def test_calibration_is_measured_on_the_compared_impostors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The thresholds and the measured figures in the file come from the same impostor scores."""
    import numpy as np

    from matcher.evaluation import fvc
    from matcher.thresholds import Calibration
    from scripts.lab import finger_commands

    monkeypatch.setattr(finger_commands, "calibration_path", lambda mid: tmp_path / f"{mid}.json")
    rng = np.random.default_rng(1)
    gen, imp = rng.uniform(0.05, 0.6, 500), rng.uniform(0.0, 0.1, 5000)
    doc = {"model_id": "finger-mcc-test", "pooled_real": {"sets": ["a", "b"]}}
    finger_commands._write_calibration(doc, gen, imp)
    written = json.loads((tmp_path / "finger-mcc-test.json").read_text())
    assert written["measured"]["n_impostor"] == 5000 and written["measured"]["n_genuine"] == 500
    assert written["measured"]["eer"] == pytest.approx(fvc.error_rates(gen, imp).eer)
    cal = Calibration.from_json((tmp_path / "finger-mcc-test.json").read_text())
    assert cal.threshold_for(0.01) == pytest.approx(fvc.calibration_thresholds(gen, imp)[0.01])
    with pytest.raises(typer.BadParameter):
        finger_commands._write_calibration(doc, gen, imp[:0])
