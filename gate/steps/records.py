"""How the steps' findings are written into audit records (check and comparison entries)."""

from __future__ import annotations

from typing import Literal

from gate.audit import ComparisonRecord
from matcher.fusion import FusedComparison
from matcher.thresholds import Comparison

FUSION_MODEL = "fmr-product"


def check_result(status: str) -> Literal["pass", "fail", "skipped"]:
    """An inspection check's status as the audit spells it."""
    return {"passed": "pass", "failed": "fail"}.get(status, "skipped")  # type: ignore[return-value]


def comparison_record(modality: Literal["face", "finger", "iris"], c: Comparison) -> ComparisonRecord:
    return ComparisonRecord(modality=modality, score=c.score, threshold=c.threshold, fmr_target=c.fmr_target,
                            model_id=c.model_id, matched=c.is_match, fmr_estimate=c.fmr_estimate)


def fused_record(fused: FusedComparison) -> ComparisonRecord:
    """The fused decision: its score is the product of the modalities' FMR estimates, its threshold the
    administrator's FMR target."""
    return ComparisonRecord(modality="fused", score=fused.fused_fmr, threshold=fused.fmr_target,
                            fmr_target=fused.fmr_target, model_id=FUSION_MODEL, matched=fused.is_match,
                            fmr_estimate=fused.fused_fmr)
