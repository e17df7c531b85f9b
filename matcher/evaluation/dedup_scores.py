"""De-duplication figures straight from raw comparison scores (higher = more alike), for comparing face
models and score-level fusions on the protocol of :mod:`matcher.evaluation.dedup` without a calibration in
between: each search's mate score, its strongest non-mated score, FNIR at an FPIR target with the
threshold set empirically, and a z-score fusion of two models.

Scores are matrices: one row per search, one column per enrolled identity (the gallery order of the split).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.evaluation import dedup

Scores = NDArray[np.float64]


@dataclass(frozen=True)
class SearchScores:
    mated: Scores  # (mated searches, gallery)
    mate_column: NDArray[np.int64]  # the mate's column for each mated search
    non_mated: Scores  # (non-mated searches, gallery)

    def __post_init__(self) -> None:
        if self.mated.ndim != 2 or self.non_mated.ndim != 2 or self.mated.shape[1] != self.non_mated.shape[1]:
            raise ValueError("score matrices need one column per enrolled identity, the same gallery for both")
        if self.mate_column.shape != (self.mated.shape[0],):
            raise ValueError("one mate column per mated search")
        if self.mate_column.size and not 0 <= int(self.mate_column.min()) <= int(self.mate_column.max()) \
                < self.mated.shape[1]:
            raise ValueError("a mate column lies outside the gallery")

    def mate_scores(self) -> Scores:
        return self.mated[np.arange(self.mated.shape[0]), self.mate_column]

    def weighted(self, other: SearchScores, weight: float) -> SearchScores:
        """``self + weight · other``, both z-normalised by their own non-mated scores (same split)."""
        if other.mated.shape != self.mated.shape or not np.array_equal(other.mate_column, self.mate_column):
            raise ValueError("fusion needs the same searches against the same gallery")
        a, b = self.z_normalised(), other.z_normalised()
        return SearchScores(a.mated + weight * b.mated, self.mate_column, a.non_mated + weight * b.non_mated)

    def z_normalised(self) -> SearchScores:
        mean, std = float(self.non_mated.mean()), float(self.non_mated.std())
        if not std > 0:
            raise ValueError("non-mated scores without spread cannot be normalised")
        return SearchScores((self.mated - mean) / std, self.mate_column, (self.non_mated - mean) / std)


def fnir_at_fpir(scores: SearchScores, fpir: float) -> dict[str, float] | None:
    """A candidate is returned when its score is strictly above the threshold; the threshold is the lowest
    that keeps the share of non-mated searches returning anyone at or below ``fpir``. FNIR: mated searches
    whose mate is not above it. None when there are fewer than 1 / ``fpir`` non-mated searches.
    (:func:`matcher.evaluation.dedup.fnir_at_fpir`'s rule, with scores negated into its lower-is-stronger.)"""
    result = dedup.fnir_at_fpir(-scores.mate_scores(), -scores.non_mated.max(axis=1), fpir)
    if result is None or result["threshold_fused_fmr"] is None:
        return None
    return {"fnir": result["fnir"], "fpir_measured": result["fpir_measured"],
            "threshold": -float(result["threshold_fused_fmr"])}


def strongest_non_mated(scores: SearchScores, n: int) -> list[tuple[int, int, float]]:
    """The ``n`` non-mated searches with the highest scores: (search row, gallery column, score), strongest first."""
    best_col = scores.non_mated.argmax(axis=1)
    best = scores.non_mated[np.arange(best_col.size), best_col]
    return [(int(r), int(best_col[r]), float(best[r])) for r in np.argsort(-best, kind="stable")[:n]]
