"""Score-level fusion across modalities (face, finger, iris): each comparison's score becomes the FMR it
reaches on its own calibration's impostors (:class:`matcher.thresholds.FmrCurve`), and the fused FMR is
their product — impostor scores of different modalities of different people are independent. The fused
decision accepts when that product is at most the administrator's FMR target.

So a strong finger can carry a borderline face (and the other way round), while a comparison that looks
like an impostor's (FMR near 1) adds no evidence at all. No extra calibration per combination is needed;
the system FMR this yields is measured on chimeric subjects (``egate-lab eval fusion``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from matcher.errors import CalibrationError
from matcher.thresholds import Comparison


@dataclass(frozen=True)
class FusedComparison:
    modalities: tuple[str, ...]
    fmr_estimates: tuple[float, ...]
    fused_fmr: float
    fmr_target: float

    @property
    def is_match(self) -> bool:
        return self.fused_fmr <= self.fmr_target


def fuse_comparisons(named: Sequence[tuple[str, Comparison]], fmr_target: float) -> FusedComparison:
    """Fuse comparisons made at the same FMR target; each needs the FMR estimate of its calibration."""
    if not named:
        raise ValueError("fusion needs at least one comparison")
    missing = [name for name, c in named if c.fmr_estimate is None]
    if missing:
        raise CalibrationError(f"no score → FMR curve in the calibration of {', '.join(missing)}: cannot fuse")
    estimates = tuple(float(c.fmr_estimate) for _, c in named if c.fmr_estimate is not None)
    return FusedComparison(modalities=tuple(name for name, _ in named), fmr_estimates=estimates,
                           fused_fmr=float(np.prod(estimates)), fmr_target=fmr_target)
