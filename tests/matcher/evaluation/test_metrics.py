from __future__ import annotations

import math

import numpy as np
import pytest

from matcher.evaluation import metrics


def test_det_on_a_hand_computed_example() -> None:
    curve = metrics.det_curve([3, 4, 5], [1, 2, 3.5])
    # at threshold 3: impostors >= 3: {3.5} -> FMR 1/3; genuine < 3: none -> FNMR 0
    i = int(np.nonzero(curve.thresholds == 3)[0][0])
    assert curve.fmr[i] == pytest.approx(1 / 3) and curve.fnmr[i] == 0
    assert metrics.threshold_at_fmr(curve, 0.0) == 4  # first threshold with no impostor at or above it
    assert metrics.fnmr_at_fmr(curve, 0.0) == pytest.approx(1 / 3)
    assert metrics.zero_fmr(curve) == pytest.approx(1 / 3)


def test_eer_of_two_gaussians_matches_theory() -> None:
    rng = np.random.default_rng(0)
    gen, imp = rng.normal(2, 1, 20_000), rng.normal(0, 1, 20_000)
    expected = 0.5 * math.erfc(1 / math.sqrt(2))  # Phi(-1)
    assert metrics.eer(metrics.det_curve(gen, imp)) == pytest.approx(expected, abs=0.006)


def test_separable_scores_have_zero_error() -> None:
    curve = metrics.det_curve([5, 6, 7], [1, 2, 3])
    assert metrics.eer(curve) == 0.0
    assert metrics.fnmr_at_fmr(curve, 1e-3) == 0.0


def test_unmeasurable_fmr_is_none() -> None:
    curve = metrics.det_curve(np.arange(100), np.arange(500))
    assert metrics.fnmr_at_fmr(curve, 1e-3, n_impostor=500) is None
    assert metrics.fnmr_at_fmr(curve, 1e-2, n_impostor=500) is not None


def test_folds_accuracy_fits_on_other_folds() -> None:
    rng = np.random.default_rng(3)
    gen, imp = rng.normal(3, 1, 1000), rng.normal(0, 1, 1000)
    acc, sem = metrics.folds_accuracy(gen, imp, np.arange(1000) % 10, np.arange(1000) % 10)
    assert acc == pytest.approx(1 - 0.5 * math.erfc(1.5 / math.sqrt(2)), abs=0.015)
    assert 0 < sem < 0.02


def test_empty_or_non_finite_scores_are_refused() -> None:
    with pytest.raises(ValueError):
        metrics.det_curve([], [1.0])
    with pytest.raises(ValueError):
        metrics.det_curve([np.nan], [1.0])
