from __future__ import annotations

import itertools

import numpy as np
import pytest

from matcher.evaluation import fvc, metrics


def test_protocol_pair_counts() -> None:
    genuine, fvc_imp, all_imp = fvc.genuine_pairs(), fvc.fvc_impostor_pairs(), fvc.all_impostor_pairs()
    assert (len(genuine), len(fvc_imp), len(all_imp)) == (280, 45, 2880)
    assert set(fvc_imp) <= set(all_imp)
    assert all(a.split("_")[0] == b.split("_")[0] for a, b in genuine)
    assert all(a.split("_")[0] != b.split("_")[0] for a, b in all_imp)


def test_set_report_keys_and_values() -> None:
    rng = np.random.default_rng(0)
    gen, imp = rng.normal(1.0, 0.3, 280), rng.normal(0.0, 0.3, 2880)
    doc = fvc.set_report(gen, imp, imp[:45])
    assert set(doc["fnmr_at_fmr"]) == {"0.01", "0.001"}
    assert 0.0 < doc["eer"] < 0.1
    assert doc["fmr1000"] == doc["fnmr_at_fmr"]["0.001"] >= doc["fmr100"]
    assert doc["fvc_protocol"]["fnmr_at_fmr"]["0.001"] is None  # 45 impostors cannot measure 0.1 %
    assert fvc.is_synthetic("fvc2004_DB4_B") and not fvc.is_synthetic("fvc2004_DB3_B")


def test_calibration_points() -> None:
    gen, imp = np.linspace(0.5, 1.0, 100), np.linspace(0.0, 0.6, 2000)
    thresholds = fvc.calibration_thresholds(gen, imp)
    assert set(thresholds) == {0.01, 0.001}  # 2,000 impostors cannot calibrate 1e-4
    assert (imp >= thresholds[0.01]).mean() <= 0.01
    curve = metrics.fmr_curve_points(imp)
    assert curve[0][1] == pytest.approx(1.0) and curve[-1][1] == pytest.approx(1 / 2000)
    assert all(a[0] <= b[0] for a, b in itertools.pairwise(curve))
