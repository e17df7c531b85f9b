"""``eval face`` scores by the embedder's own metric: cosine similarity for a cosine model (thresholds and
calibration as similarities), Euclidean distance for dlib's ResNet."""

from __future__ import annotations

import numpy as np

from matcher.evaluation.lfw import Pair
from scripts.lab import eval_face as ev


def _pairs() -> list[Pair]:
    return [Pair(0, "a/a_0001.jpg", "a/a_0002.jpg", True), Pair(0, "a/a_0001.jpg", "b/b_0001.jpg", False)]


def test_variant_metric_comes_from_the_manifest() -> None:
    assert ev.Variant(embedder="omz-face-reid-0095").metric == "cosine"
    assert ev.Variant().metric == "euclidean" and ev.Variant(embedder="dlib-resnet-v1-onnx").metric == "euclidean"


def test_pairs_scores_are_similarities_in_either_metric() -> None:
    index = {"a/a_0001.jpg": 0, "a/a_0002.jpg": 1, "b/b_0001.jpg": 2}
    vectors = np.array([[1.0, 0.0], [2.0, 0.2], [0.0, 0.5]], np.float32)  # scale must not matter to cosine
    cos, same, _ = ev.pairs_scores(_pairs(), index, vectors, "cosine")
    np.testing.assert_allclose(cos, [2 / np.hypot(2, 0.2), 0.0], rtol=1e-6)
    euc, _, _ = ev.pairs_scores(_pairs(), index, vectors, "euclidean")
    np.testing.assert_allclose(euc, [-np.hypot(1, 0.2), -np.hypot(1, 0.5)], rtol=1e-6)
    assert same.tolist() == [True, False]


def test_all_pairs_cosine_and_calibration_direction() -> None:
    paths = ["a/a_0001.jpg", "a/a_0002.jpg", "b/b_0001.jpg", "b/b_0002.jpg"]
    vectors = np.array([[1, 0], [0.9, 0.1], [0, 1], [0.1, 0.9]], np.float32)
    gen, imp = ev.all_pairs_scores(paths, vectors, metric="cosine")
    assert gen.size == 2 and imp.size == 4 and gen.min() > imp.max()
    rng = np.random.default_rng(0)
    summary = ev._curve_summary(rng.normal(0.7, 0.1, 2000), rng.normal(0.0, 0.1, 20000), lower_is_better=False)
    report = {"model": "omz-face-reid-0095", "pipeline_variant": "yunet-up1", "score": "cosine similarity (…)",
              "pairs_protocol": summary}
    cal = ev.calibration_from(report)
    assert not cal.lower_is_better and 0.2 < cal.thresholds[0.001] < 0.5
    assert cal.compare(0.6, 0.001).is_match and not cal.compare(0.1, 0.001).is_match
