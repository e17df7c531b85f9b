"""The raw-score de-dup evaluation ranks higher = more alike for both metrics, on the protocol's split."""

from __future__ import annotations

import numpy as np

from matcher.evaluation import dedup
from scripts.lab.dedup_models import search_scores, similarity


def test_the_nearer_sample_scores_higher_for_cosine_and_euclidean() -> None:
    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], np.float32)
    for metric in ("cosine", "euclidean"):
        scores = similarity(vectors, np.array([0]), np.array([1, 2]), metric)
        assert scores[0, 0] > scores[0, 1], metric


def test_mates_sit_in_their_enrolled_identitys_column() -> None:
    labels = ["a", "a", "b", "b", "c"]
    rng = np.random.default_rng(0)
    base = rng.normal(size=(3, 8)).astype(np.float32)
    vectors = np.stack([base[0], base[0] + 0.01, base[1], base[1] + 0.01, base[2]]).astype(np.float32)
    split = dedup.split(labels, holdout=0.0)
    scores = search_scores(vectors, split, "cosine")
    assert scores.mated.shape == (2, 2) and scores.non_mated.shape == (1, 2)
    assert np.all(scores.mated.argmax(axis=1) == scores.mate_column)
