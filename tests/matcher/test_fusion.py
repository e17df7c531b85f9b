"""Fusion of modalities through their score → FMR curves (direction-aware), combined by Fisher's method."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.errors import CalibrationError
from matcher.evaluation import metrics
from matcher.fusion import fuse_comparisons
from matcher.thresholds import Calibration


def _calibration(model_id: str, *, lower_is_better: bool, seed: int) -> Calibration:
    """Impostor scores uniform on [0, 1] (distances for ``lower_is_better``, similarities otherwise)."""
    imp = np.random.default_rng(seed).uniform(0.0, 1.0, 20000)
    sim = -imp if lower_is_better else imp
    points = [[-t if lower_is_better else t, f] for t, f in metrics.fmr_curve_points(sim)]
    thresholds = {f: (-1 if lower_is_better else 1) * float(np.quantile(sim, 1 - f)) for f in (1e-2, 1e-3)}
    return Calibration(model_id, lower_is_better, thresholds, measured={"fmr_curve": points})


def test_each_comparison_carries_the_fmr_its_score_reaches() -> None:
    distance = _calibration("face", lower_is_better=True, seed=1)
    similarity = _calibration("finger", lower_is_better=False, seed=2)
    assert distance.compare(0.02, 1e-3).fmr_estimate == pytest.approx(0.02, abs=0.004)   # 2 % of impostors
    assert similarity.compare(0.98, 1e-3).fmr_estimate == pytest.approx(0.02, abs=0.004)
    assert distance.compare(1.5, 1e-3).fmr_estimate == 1.0  # beyond every impostor: no evidence
    assert similarity.compare(-0.5, 1e-3).fmr_estimate == 1.0
    assert distance.compare(-1.0, 1e-3).fmr_estimate == pytest.approx(1 / 20000)  # floored, never 0


def test_a_strong_finger_carries_a_borderline_face() -> None:
    face = _calibration("face", lower_is_better=True, seed=1).compare(0.02, 1e-3)
    finger = _calibration("finger", lower_is_better=False, seed=2).compare(0.9999, 1e-3)  # FMR about 1e-4
    assert not face.is_match  # FMR about 2 %: alone it would be referred
    fused = fuse_comparisons([("face", face), ("finger", finger)], 1e-3)
    assert face.fmr_estimate is not None and finger.fmr_estimate is not None
    product = face.fmr_estimate * finger.fmr_estimate
    assert fused.is_match and fused.fused_fmr == pytest.approx(product * (1 - np.log(product)))  # Fisher
    assert fused.modalities == ("face", "finger")


def test_two_weak_comparisons_do_not_open() -> None:
    face = _calibration("face", lower_is_better=True, seed=1).compare(0.2, 1e-3)
    finger = _calibration("finger", lower_is_better=False, seed=2).compare(0.9, 1e-3)
    fused = fuse_comparisons([("face", face), ("finger", finger)], 1e-3)
    assert not fused.is_match and fused.fused_fmr == pytest.approx(0.02 * (1 - np.log(0.02)), rel=0.2)


def test_fusion_needs_curves_and_comparisons() -> None:
    bare = Calibration("bare", True, {1e-3: 0.5}).compare(0.1, 1e-3)
    assert bare.fmr_estimate is None
    with pytest.raises(CalibrationError, match="face"):
        fuse_comparisons([("face", bare)], 1e-3)
    with pytest.raises(ValueError):
        fuse_comparisons([], 1e-3)
    with pytest.raises(CalibrationError):
        Calibration("bad", True, {1e-3: 0.5}, measured={"fmr_curve": [[0.1, 7.0]]}).compare(0.1, 1e-3)
