"""1:1 comparison of two iris codes: the smallest normalised fractional Hamming distance over the shifts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.iris import params
from matcher.iris.errors import IrisTemplateError
from matcher.iris.hamming import as_words, distances, normalised, shifted
from matcher.iris.types import IrisCode


@dataclass(frozen=True)
class IrisComparison:
    distance: float  # normalised HD at the best shift: ~0.5 for different eyes, lower for the same eye
    raw_distance: float  # fractional HD before normalisation, at that shift
    bits_compared: int
    shift: int  # angular columns the probe was rolled by


def check_compatible(a: IrisCode, b: IrisCode) -> None:
    if (a.model_id, a.code.size, a.bytes_per_column) != (b.model_id, b.code.size, b.bytes_per_column):
        raise IrisTemplateError(f"iris codes of different kinds: {a.model_id}/{a.code.size} B vs "
                                f"{b.model_id}/{b.code.size} B", stage="compare")


def compare(probe: IrisCode, reference: IrisCode, *, max_shift: int = params.MAX_SHIFT) -> IrisComparison:
    check_compatible(probe, reference)
    codes, masks = shifted(probe, max_shift)
    disagree, compared = distances(codes, masks, as_words(reference.code[None, :]),
                                   as_words(reference.mask[None, :]))
    scores = normalised(disagree[:, 0], compared[:, 0])
    best = int(np.argmin(scores))
    n = int(compared[best, 0])
    return IrisComparison(distance=float(scores[best]), raw_distance=float(disagree[best, 0] / n) if n else 0.5,
                          bits_compared=n, shift=best - max_shift)
