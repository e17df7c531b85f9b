"""``egate-lab eval iris --calibrate``: the calibration file keeps the score → FMR curve fusion needs."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.evaluation import iris as protocol
from matcher.iris import MODEL_ID
from matcher.thresholds import Calibration
from scripts.lab import main  # noqa: F401  (first: iris_commands imports eval_app from it)

from scripts.lab import iris_commands  # isort: skip


def test_the_calibration_keeps_a_conservative_score_to_fmr_curve(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(iris_commands, "calibration_path", lambda mid: tmp_path / f"{mid}.json")
    rng = np.random.default_rng(3)
    gen, imp = rng.normal(0.30, 0.04, 800), rng.normal(0.47, 0.015, 20_000)
    doc = {"dataset": "/data/casia-iris-v1", **protocol.error_rates(gen, imp), "failure_to_acquire": {"rate": 0.0}}
    iris_commands._write_calibration(doc, protocol.PairScores(gen, imp, ()))
    cal = Calibration.from_json((tmp_path / f"{MODEL_ID}.json").read_text())
    curve = cal.fmr_curve
    assert curve is not None and curve.lower_is_better and cal.lower_is_better
    for distance in (0.40, 0.43, 0.45, 0.47, 0.49):  # never below the impostors' own rate at that distance
        empirical = float((imp <= distance).mean())
        assert empirical <= curve.fmr_at(distance) <= max(4 * empirical, 1 / imp.size)
    assert curve.fmr_at(0.2) == pytest.approx(1 / imp.size)  # floor: one impostor in the set
    assert curve.fmr_at(float(imp.max()) + 0.01) == 1.0
    at_threshold = cal.compare(cal.threshold_for(0.001), 0.001)
    assert at_threshold.is_match and at_threshold.fmr_estimate is not None and at_threshold.fmr_estimate <= 2e-3
