"""Score-level de-duplication figures: the empirical FPIR threshold, FNIR against it, z-score fusion."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.evaluation.dedup_scores import SearchScores, fnir_at_fpir, strongest_non_mated


def _scores(rng: np.random.Generator, *, mates: int = 400, non_mated: int = 1000, gallery: int = 50,
            genuine_mean: float = 3.0) -> SearchScores:
    cols = rng.integers(0, gallery, mates)
    mated = rng.normal(0.0, 1.0, (mates, gallery))
    mated[np.arange(mates), cols] = rng.normal(genuine_mean, 1.0, mates)
    return SearchScores(mated, cols, rng.normal(0.0, 1.0, (non_mated, gallery)))


def test_the_threshold_holds_the_fpir_and_fnir_counts_mates_at_or_below_it() -> None:
    scores = _scores(np.random.default_rng(1))
    result = fnir_at_fpir(scores, 0.01)
    assert result is not None
    best = scores.non_mated.max(axis=1)
    assert result["fpir_measured"] <= 0.01 and np.mean(best >= result["threshold"]) > 0.01  # the lowest such cut
    assert result["fnir"] == pytest.approx(np.mean(scores.mate_scores() <= result["threshold"]))
    assert fnir_at_fpir(scores, 0.0001) is None  # 1,000 non-mated searches cannot measure 1e-4


def test_a_stronger_model_has_the_lower_fnir_and_a_useless_one_adds_nothing() -> None:
    rng = np.random.default_rng(2)
    strong, weak = _scores(rng, genuine_mean=4.0), _scores(np.random.default_rng(2), genuine_mean=2.0)
    f_strong, f_weak = (fnir_at_fpir(s, 0.01) for s in (strong, weak))
    assert f_strong is not None and f_weak is not None and f_strong["fnir"] < f_weak["fnir"]
    noise = SearchScores(rng.normal(size=strong.mated.shape), strong.mate_column,
                         rng.normal(size=strong.non_mated.shape))
    assert strong.weighted(noise, 0.0).mated == pytest.approx(strong.z_normalised().mated)
    fused = fnir_at_fpir(strong.weighted(noise, 1.0), 0.01)
    assert fused is not None and fused["fnir"] > f_strong["fnir"]


def test_two_independent_views_of_the_same_searches_fuse_to_fewer_misses() -> None:
    rng = np.random.default_rng(3)
    a = _scores(rng, genuine_mean=2.5)
    b = SearchScores(rng.normal(0.0, 1.0, a.mated.shape), a.mate_column, rng.normal(0.0, 1.0, a.non_mated.shape))
    b.mated[np.arange(a.mate_column.size), a.mate_column] = rng.normal(2.5, 1.0, a.mate_column.size)
    alone, fused = fnir_at_fpir(a, 0.01), fnir_at_fpir(a.weighted(b, 1.0), 0.01)
    assert alone is not None and fused is not None and fused["fnir"] < alone["fnir"]


def test_the_strongest_non_mated_searches_come_first() -> None:
    scores = SearchScores(np.zeros((1, 3)), np.array([0]), np.array([[0.1, 0.9, 0.2], [0.5, 0.3, 0.95]]))
    assert strongest_non_mated(scores, 5) == [(1, 2, 0.95), (0, 1, 0.9)]


@pytest.mark.parametrize("mated, cols, non_mated", [
    (np.zeros((2, 3)), np.array([0]), np.zeros((4, 3))),       # a mate column missing
    (np.zeros((2, 3)), np.array([0, 3]), np.zeros((4, 3))),    # outside the gallery
    (np.zeros((2, 3)), np.array([0, 1]), np.zeros((4, 2))),    # different galleries
    (np.zeros(3), np.array([0]), np.zeros((4, 3))),            # not a matrix
])
def test_malformed_score_matrices_are_refused(mated: np.ndarray, cols: np.ndarray, non_mated: np.ndarray) -> None:
    with pytest.raises(ValueError):
        SearchScores(mated, cols, non_mated)


def test_fusion_refuses_other_searches_and_flat_scores() -> None:
    a = _scores(np.random.default_rng(4))
    with pytest.raises(ValueError, match="same searches"):
        a.weighted(_scores(np.random.default_rng(5), mates=10), 0.5)
    with pytest.raises(ValueError, match="spread"):
        SearchScores(a.mated, a.mate_column, np.ones_like(a.non_mated)).z_normalised()
