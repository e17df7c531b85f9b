"""Several fingers, one decision: each finger's score becomes an estimated FMR through that matcher's
calibrated score-to-FMR curve, and the fused FMR is Fisher's combination of them (:func:`matcher.fusion.
combined_fmr`; impostor scores of different fingers are independent). The decision accepts when the
fused FMR is at most the target.

Unlike a sum of raw scores, this needs no separate calibration per number of fingers, and one
poor-quality finger cannot drag a strong one below threshold as long as it is not itself impostor-like.
An estimate never goes below 1 / (number of impostor scores calibrated), so fused FMRs stay measurable.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from matcher.fusion import combined_fmr
from matcher.thresholds import Calibration, FmrCurve

__all__ = ["FmrCurve", "FusedDecision", "fuse"]


@dataclass(frozen=True)
class FusedDecision:
    scores: tuple[float, ...]
    finger_fmr: tuple[float, ...]
    fused_fmr: float
    fmr_target: float
    model_id: str

    @property
    def is_match(self) -> bool:
        return self.fused_fmr <= self.fmr_target


def fuse(scores: Sequence[float], calibration: Calibration, fmr_target: float) -> FusedDecision:
    if not scores:
        raise ValueError("fusion needs at least one finger score")
    curve = FmrCurve.from_calibration(calibration)
    fmrs = tuple(curve.fmr_at(s) for s in scores)
    return FusedDecision(
        scores=tuple(float(s) for s in scores), finger_fmr=fmrs, fused_fmr=combined_fmr(fmrs),
        fmr_target=fmr_target, model_id=calibration.model_id,
    )
