from __future__ import annotations

import numpy as np
import pytest

from matcher.evaluation import metrics
from matcher.evaluation.fusion_rule import (
    accept_rate,
    fisher_fmr,
    fmr_estimates,
    fnmr_at_fmr,
    levels,
    product,
    product_rule_fmr,
    transformed,
)
from matcher.thresholds import FmrCurve
from models import load_calibration

DISTANCE_CURVE = FmrCurve.from_points([[0.9, 1.0], [0.6, 0.01], [0.6, 0.01], [0.5, 1e-3], [0.4, 1e-4]],
                                      lower_is_better=True, model_id="distance")


@pytest.mark.parametrize("model_id", ["omz-face-reid-0095", "finger-mcc-leader", "distance"])
def test_vectorised_estimates_equal_the_gates_fmr_at(model_id: str) -> None:
    curve = DISTANCE_CURVE if model_id == "distance" else FmrCurve.from_calibration(load_calibration(model_id))
    lo, hi = min(curve.thresholds), max(curve.thresholds)
    rng = np.random.default_rng(1)
    scores = np.concatenate([rng.uniform(lo - 0.2 * (hi - lo), hi + 0.2 * (hi - lo), 5000),
                             np.asarray(curve.thresholds)])  # the exact steps too
    expected = np.array([curve.fmr_at(float(s)) for s in scores])
    np.testing.assert_array_equal(fmr_estimates(curve, scores), expected)


def test_estimates_keep_the_floor_and_refuse_non_finite_scores() -> None:
    curve = FmrCurve.from_points([[0.1, 1.0], [0.5, 0.01], [0.9, 0.0]], lower_is_better=False, model_id="t")
    np.testing.assert_array_equal(fmr_estimates(curve, [0.0, 0.1, 0.6, 0.95]), [1.0, 1.0, 0.01, 0.01])
    with pytest.raises(ValueError):
        fmr_estimates(curve, [0.5, np.nan])


def test_exact_product_equals_brute_force_pairing() -> None:
    rng = np.random.default_rng(2)
    a = rng.choice([1.0, 0.1, 0.01, 1e-3], 300)
    b = rng.choice([1.0, 0.5, 0.02, 1e-4], 200)
    brute = np.multiply.outer(a, b).ravel()
    fused = product(levels(a), levels(b))
    assert fused.weights.sum() == pytest.approx(1.0)
    for t in (1e-6, 1e-4, 2e-4, 1e-3, 0.01, 1.0):
        assert fused.accept_rate(t) == pytest.approx(accept_rate(brute, t), abs=1e-12)


def test_levels_fnmr_at_fmr_agrees_with_the_det_curve() -> None:
    rng = np.random.default_rng(3)
    gen = rng.choice([1e-5, 1e-4, 1e-3, 1e-2, 1.0], 2000, p=[0.3, 0.3, 0.2, 0.1, 0.1])
    imp = rng.choice([1e-5, 1e-4, 1e-3, 1e-2, 1.0], 50000, p=[0.0002, 0.0008, 0.009, 0.09, 0.9])
    curve = metrics.det_curve(-gen, -imp)  # accept when value ≤ τ  ⇔  similarity −value ≥ −τ
    for t in (1e-4, 1e-3, 1e-2, 0.5):
        assert fnmr_at_fmr(levels(gen), levels(imp), t) == pytest.approx(metrics.fnmr_at_fmr(curve, t))
    assert fnmr_at_fmr(levels(gen), levels(imp), 1.0) == 0.0


def test_fisher_tail_is_the_product_rules_real_fmr() -> None:
    rng = np.random.default_rng(4)
    u = rng.random((2, 1_000_000))
    for t in (1e-2, 1e-3):
        observed = float((u[0] * u[1] <= t).mean())
        assert observed == pytest.approx(product_rule_fmr(t), rel=0.05)
        assert observed > 3 * t  # the plain product is far from the target
        assert float((fisher_fmr(u[0] * u[1]) <= t).mean()) == pytest.approx(t, rel=0.1)
    assert product_rule_fmr(1e-4) == pytest.approx(1e-4 * (1 + np.log(1e4)))
    np.testing.assert_allclose(fisher_fmr([1e-3, 0.5, 1.0], modalities=1), [1e-3, 0.5, 1.0])
    p = np.geomspace(1e-12, 1.0, 200)
    assert np.all(np.diff(fisher_fmr(p)) > 0) and fisher_fmr([1.0])[0] == 1.0
    with pytest.raises(ValueError):
        fisher_fmr(p, modalities=0)


def test_transformed_merges_ties_and_keeps_the_mass() -> None:
    d = transformed(levels([0.2, 0.4, 0.4, 0.9]), lambda v: np.minimum(v, 0.3))
    np.testing.assert_array_equal(d.values, [0.2, 0.3])
    np.testing.assert_allclose(d.weights, [0.25, 0.75])


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        accept_rate([], 1e-3)
    with pytest.raises(ValueError):
        levels([])
