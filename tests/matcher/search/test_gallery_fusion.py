"""Fusion of per-modality top-k hits through known FMR curves, and the FPIR threshold rule."""

from __future__ import annotations

import math

import pytest

from matcher.fusion import combined_fmr
from matcher.search.gallery import GalleryHit
from matcher.search.gallery_fusion import ModalityHits, above_threshold, fpir_threshold, fuse_hits
from matcher.thresholds import FmrCurve

# similarity curves: score 0.9 -> 1e-6, 0.5 -> 1e-3, 0.1 -> 0.1, below -> 1
FACE = FmrCurve.from_points([(0.0, 1.0), (0.1, 0.1), (0.5, 1e-3), (0.9, 1e-6)], lower_is_better=False,
                            model_id="face")
# distance curve (iris): 0.30 -> 1e-5, 0.40 -> 1e-2
IRIS = FmrCurve.from_points([(0.5, 1.0), (0.40, 1e-2), (0.30, 1e-5)], lower_is_better=True, model_id="iris")


def hits(*pairs: tuple[str, float]) -> list[GalleryHit]:
    return [GalleryHit(i, s, r + 1) for r, (i, s) in enumerate(pairs)]


def test_each_score_becomes_its_curve_fmr_and_candidates_are_fused_by_fisher() -> None:
    searches = [ModalityHits("face", FACE, hits(("a", 0.95), ("b", 0.55))),
                ModalityHits("iris:right", IRIS, hits(("a", 0.35), ("c", 0.29)))]
    everything = {"a": {"face", "iris:right"}, "b": {"face", "iris:right"}, "c": {"face", "iris:right"}}
    fused = fuse_hits(searches, lambda i: everything[i])
    by_id = {c.identity: c for c in fused}
    assert by_id["a"].per_modality == {"face": 1e-6, "iris:right": 1e-2}
    assert by_id["a"].fused_fmr == pytest.approx(combined_fmr([1e-6, 1e-2]))
    # b is not in the iris top k: that modality gives no evidence (FMR 1), it still counts as a modality
    assert by_id["b"].per_modality == {"face": 1e-3, "iris:right": 1.0}
    assert by_id["b"].fused_fmr == pytest.approx(1e-3 * (1 - math.log(1e-3)))
    assert [c.identity for c in fused] == ["a", "c", "b"]  # strongest first


def test_a_modality_the_candidate_never_enrolled_is_left_out() -> None:
    searches = [ModalityHits("face", FACE, hits(("a", 0.95))), ModalityHits("finger:2", FACE, hits())]
    [a] = fuse_hits(searches, lambda i: {"face"})
    assert a.per_modality == {"face": 1e-6} and a.fused_fmr == pytest.approx(1e-6)


def test_threshold_keeps_fpir_at_the_target_for_the_gallery_size() -> None:
    assert fpir_threshold(0.01, 1) == pytest.approx(0.01)
    p = fpir_threshold(0.01, 1000)
    assert 1 - (1 - p) ** 1000 == pytest.approx(0.01)
    assert p == pytest.approx(0.01 / 1000, rel=0.01)
    searches = [ModalityHits("face", FACE, hits(("a", 0.95), ("b", 0.55), ("c", 0.2)))]
    fused = fuse_hits(searches, lambda i: {"face"})
    assert [c.identity for c in above_threshold(fused, 0.01, 1000)] == ["a"]  # 1e-6 <= 1e-5 < 1e-3
    assert [c.identity for c in above_threshold(fused, 0.5, 10)] == ["a", "b"]
    with pytest.raises(ValueError):
        fpir_threshold(0.0, 10)
