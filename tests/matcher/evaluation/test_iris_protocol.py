"""The iris all-pairs protocol: pair split, failures to acquire, thresholds that honour their FMR."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.evaluation import iris as protocol
from matcher.thresholds import Calibration


def _matrix(labels: list[str], seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    n = len(labels)
    dist = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(i + 1, n):
            dist[i, j] = rng.normal(0.2, 0.05) if labels[i] == labels[j] else rng.normal(0.45, 0.02)
    return dist


def test_casia_layout_gives_the_protocol_pair_counts() -> None:
    labels = [str(e) for e in range(108) for _ in range(7)]
    assert protocol.expected_genuine_pairs(labels) == 108 * 21 == 2268
    n = len(labels)
    assert n * (n - 1) // 2 - 2268 == 283_122


def test_split_and_report() -> None:
    labels = [e for e in "abcdef" for _ in range(4)]
    scores = protocol.split_pairs(_matrix(labels), labels)
    assert scores.genuine.size == 6 * 6 and scores.impostor.size == 276 - 36
    doc = protocol.report(scores, all_labels=[*labels, "g"], failures={"g/1.jpg": "IRIS_NOT_FOUND"})
    assert doc["eer"] == 0.0 and doc["n_genuine"] == 36
    assert doc["fnmr_at_fmr"] == {"0.001": None, "0.0001": None}  # 240 impostor pairs measure neither
    assert doc["failure_to_acquire"]["count"] == 1
    assert doc["failure_to_acquire"]["rate"] == pytest.approx(1 / 25)
    assert doc["distances"]["decidability"] > 4


def test_lost_genuine_pairs_are_counted() -> None:
    all_labels = ["a"] * 4 + ["b"] * 3
    kept = ["a"] * 3 + ["b"] * 3  # one image of eye a failed: 3 of its 6 pairs are lost
    scores = protocol.split_pairs(_matrix(kept), kept)
    doc = protocol.report(scores, all_labels=all_labels, failures={"a/4": "IRIS_OCCLUDED"})
    assert doc["failure_to_acquire"]["genuine_pairs_lost"] == 3


def test_overlapping_scores_give_a_positive_eer() -> None:
    gen = np.array([0.10, 0.20, 0.30, 0.46])
    imp = np.array([0.40, 0.44, 0.45, 0.47, 0.50])
    rates = protocol.error_rates(gen, imp)
    assert 0.0 < rates["eer"] < 0.5


def test_bad_matrices_are_refused() -> None:
    with pytest.raises(ValueError):
        protocol.split_pairs(np.full((3, 3), np.nan), ["a", "a", "b"])
    with pytest.raises(ValueError):
        protocol.split_pairs(np.zeros((2, 2)), ["a", "b", "c"])


def test_calibrated_thresholds_keep_their_fmr() -> None:
    rng = np.random.default_rng(5)
    gen, imp = rng.normal(0.2, 0.06, 2000), rng.normal(0.46, 0.02, 50_000)
    thresholds = protocol.calibration_thresholds(gen, imp)
    assert set(thresholds) == {0.01, 0.001, 0.0001}
    cal = Calibration("iris-test", lower_is_better=True, thresholds=thresholds)
    for fmr, t in thresholds.items():
        assert (imp <= t).mean() <= fmr
        assert not cal.compare(0.46, fmr).is_match and cal.compare(0.1, fmr).is_match
    assert thresholds[0.0001] < thresholds[0.001] < thresholds[0.01]
