from __future__ import annotations

import numpy as np
import pytest

from matcher.evaluation import metrics
from matcher.evaluation.chimeric import ScorePool, sample
from matcher.evaluation.chimeric_report import all_combinations, draw_figures, estimates, summarise
from matcher.thresholds import FmrCurve


def _pool(rng: np.random.Generator, shift: float, n_imp: int) -> ScorePool:
    owner = np.repeat(np.arange(200), 5)
    return ScorePool(rng.normal(shift, 1.0, owner.size), owner, rng.normal(0.0, 1.0, n_imp))


def _curve(pool: ScorePool, *, distance: bool = False) -> FmrCurve:
    imp = pool.impostor
    points = metrics.fmr_curve_points(-imp if distance else imp)
    if distance:  # the curve of a distance calibration: native score = −similarity
        points = [[-t, f] for t, f in metrics.fmr_curve_points(imp)]
    return FmrCurve.from_points(points, lower_is_better=distance, model_id="t")


@pytest.fixture(scope="module")
def setup() -> tuple[ScorePool, ScorePool, FmrCurve, FmrCurve]:
    rng = np.random.default_rng(5)
    face, finger = _pool(rng, 3.0, 400_000), _pool(rng, 3.5, 100_000)
    return face, finger, _curve(face), _curve(finger)


def test_fusion_beats_each_modality_and_the_plain_product_overshoots_its_target(
        setup: tuple[ScorePool, ScorePool, FmrCurve, FmrCurve]) -> None:
    face, finger, fc, gc = setup
    draw = draw_figures(sample(face, finger, n_impostor=300_000, seed=0), fc, gc, targets=(1e-2, 1e-3))
    sys = draw["systems"]
    for t in ("0.01", "0.001"):
        assert sys["fused"]["fnmr_at_fmr"][t] < min(sys["face"]["fnmr_at_fmr"][t], sys["finger"]["fnmr_at_fmr"][t])
    assert sys["fused"]["eer"] < min(sys["face"]["eer"], sys["finger"]["eer"])
    rules = draw["rules"]["0.01"]
    assert rules["face"]["fmr"] <= 0.01 * 1.1 and rules["finger"]["fmr"] <= 0.01 * 1.1
    assert rules["fused"]["fmr"] > 2 * 0.01  # t·(1 − ln t) ≈ 5.6 t for independent uniform estimates
    assert rules["fused_fisher"]["fmr"] <= 0.01 * 1.2
    assert rules["fused"]["genuine_accept"] + rules["fused"]["fnmr"] == pytest.approx(1.0)


def test_exact_combinations_match_the_expectation_of_the_draws(
        setup: tuple[ScorePool, ScorePool, FmrCurve, FmrCurve]) -> None:
    face, finger, fc, gc = setup
    exact = all_combinations(estimates(fc, face.genuine), estimates(fc, face.impostor),
                             estimates(gc, finger.genuine), estimates(gc, finger.impostor), targets=(1e-2,))
    draws = [draw_figures(sample(face, finger, n_impostor=200_000, seed=k), fc, gc, targets=(1e-2,))
             for k in range(3)]
    mean, spread = summarise(draws)
    assert exact["impostor"] == face.impostor.size * finger.impostor.size
    for rule in ("fused", "fused_fisher"):
        assert mean["rules"]["0.01"][rule]["fmr"] == pytest.approx(exact["rules"]["0.01"][rule]["fmr"], rel=0.1)
        assert mean["rules"]["0.01"][rule]["fnmr"] == pytest.approx(exact["rules"]["0.01"][rule]["fnmr"], abs=0.01)
    lo, hi = spread["systems"]["fused"]["eer"]
    assert lo <= mean["systems"]["fused"]["eer"] <= hi


def test_a_distance_calibration_is_read_through_negated_similarities() -> None:
    rng = np.random.default_rng(6)
    pool = _pool(rng, 3.0, 20_000)
    sim_curve, dist_curve = _curve(pool), _curve(pool, distance=True)
    probe = np.linspace(-1, 5, 50)
    np.testing.assert_allclose(estimates(dist_curve, probe), estimates(sim_curve, probe))


def test_summaries_keep_unmeasurable_figures_unmeasurable() -> None:
    draws = [{"seed": 0, "a": {"x": 1.0, "y": None}}, {"seed": 1, "a": {"x": 3.0, "y": 0.5}}]
    mean, spread = summarise(draws)
    assert mean == {"a": {"x": 2.0, "y": None}} and spread["a"]["x"] == [1.0, 3.0]
    with pytest.raises(ValueError):
        summarise([])
