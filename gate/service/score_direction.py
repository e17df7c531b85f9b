"""Which way a comparison score points: a distance (lower is more alike) or a similarity (higher is).

A stored comparison says its score, its threshold and whether it matched; whenever the score is not
exactly the threshold, that fixes the direction. On the threshold itself both readings agree with the
result, and the direction comes from what the gate knows of the model: the FMR product of fusion is a
probability (lower is better), the face model's calibration says its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from gate.audit import ComparisonRecord
from gate.steps.records import FUSION_MODEL

ScoreDirection = Literal["lower_is_better", "higher_is_better"]


def _named(lower_is_better: bool) -> ScoreDirection:
    return "lower_is_better" if lower_is_better else "higher_is_better"


def score_direction(c: ComparisonRecord, known: Mapping[str, bool]) -> ScoreDirection | None:
    """``known``: model id → lower_is_better for the models the gate runs. None when nothing tells."""
    if c.score != c.threshold:
        return _named((c.score < c.threshold) == c.matched)
    if c.modality == "fused" or c.model_id == FUSION_MODEL:
        return "lower_is_better"
    lower = known.get(c.model_id)
    return None if lower is None else _named(lower)
