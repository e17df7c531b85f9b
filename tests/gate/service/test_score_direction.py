"""A comparison's direction from its score, threshold and result; on the threshold, from the model."""

from __future__ import annotations

from gate.audit import ComparisonRecord
from gate.service.score_direction import score_direction


def _c(score: float, threshold: float, matched: bool, modality: str = "face", model: str = "m") -> ComparisonRecord:
    return ComparisonRecord(modality=modality, score=score, threshold=threshold, fmr_target=1e-3,  # type: ignore[arg-type]
                            model_id=model, matched=matched)


def test_direction_follows_from_score_threshold_and_result() -> None:
    assert score_direction(_c(0.2, 0.4, True), {}) == "lower_is_better"  # a distance under its threshold
    assert score_direction(_c(0.6, 0.4, False), {}) == "lower_is_better"
    assert score_direction(_c(0.2, 0.4, False), {}) == "higher_is_better"  # a similarity under its threshold
    assert score_direction(_c(0.6, 0.4, True), {}) == "higher_is_better"


def test_on_the_threshold_the_model_decides() -> None:
    assert score_direction(_c(0.4, 0.4, True), {"m": False}) == "higher_is_better"
    assert score_direction(_c(0.4, 0.4, True), {"m": True}) == "lower_is_better"
    assert score_direction(_c(0.4, 0.4, True), {}) is None
    assert score_direction(_c(1e-3, 1e-3, True, "fused", "fmr-product"), {}) == "lower_is_better"
    assert score_direction(_c(1e-3, 1e-3, True, "iris", "fmr-product"), {}) == "lower_is_better"
