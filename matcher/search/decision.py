"""The 1:N decision at a false-positive identification target, corrected for gallery size.

Rule (Šidák correction, documented in docs/onnx-and-search.md): a probe of someone *not* enrolled is
compared with N enrolled identities; if each comparison falsely matches with probability p (the 1:1 FMR at
the threshold), the probe raises a false alarm with probability FPIR = 1 − (1 − p)^N ≈ N·p. To keep FPIR at
or below the target α, each comparison must run at p = 1 − (1 − α)^(1/N) (≈ α/N, the Bonferroni bound,
which is slightly stricter). The threshold is the calibrated one for the largest calibrated FMR ≤ p —
never interpolated past the calibration — and when p lies below every calibrated FMR the decision is refused
with :class:`CalibrationError`: the model has not been measured at the rate the gallery needs.

N counts identities, not templates: the index returns one best score per identity, and the max over a
person's templates is treated as one comparison (slightly optimistic when an identity has many templates).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matcher.errors import CalibrationError
from matcher.search.index import Hit, SearchResult
from matcher.thresholds import Calibration


def per_comparison_fmr(fpir_target: float, gallery_identities: int) -> float:
    """p with 1 − (1 − p)^N = α, computed without cancellation."""
    if not 0.0 < fpir_target < 1.0:
        raise ValueError("the FPIR target must lie strictly between 0 and 1")
    n = max(gallery_identities, 1)
    return -math.expm1(math.log1p(-fpir_target) / n)


@dataclass(frozen=True)
class IdentificationDecision:
    candidates: tuple[Hit, ...]  # hits at or within the threshold, best first
    threshold: float
    fpir_target: float
    per_comparison_fmr: float  # the p the rule asked for
    calibrated_fmr: float  # the calibrated FMR whose threshold is used (≤ p)
    gallery_identities: int
    model_id: str

    @property
    def is_match(self) -> bool:
        return bool(self.candidates)


def decide(result: SearchResult, calibration: Calibration, fpir_target: float) -> IdentificationDecision:
    """Candidates of ``result`` that pass the gallery-size-corrected threshold."""
    if not calibration.lower_is_better:
        raise CalibrationError("the gallery index scores are distances; the calibration must be lower-is-better")
    p = per_comparison_fmr(fpir_target, result.gallery_identities)
    usable = [f for f in calibration.thresholds if f <= p * (1 + 1e-9)]
    if not usable:
        lowest = min(calibration.thresholds)
        raise CalibrationError(
            f"a gallery of {result.gallery_identities} identities at FPIR {fpir_target:g} needs a per-comparison "
            f"FMR of {p:.3g}; model {calibration.model_id!r} is calibrated only down to {lowest:g}")
    fmr = max(usable)
    threshold = calibration.thresholds[fmr]
    passing = tuple(h for h in result.hits if h.score <= threshold)
    return IdentificationDecision(passing, threshold, fpir_target, p, fmr, result.gallery_identities,
                                  calibration.model_id)
