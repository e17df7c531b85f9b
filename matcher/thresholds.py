"""Score ↔ FMR calibration and the 1:1 decision.

A :class:`Calibration` belongs to one model version (``model_id``) and lists, for each target FMR, the
threshold measured on an evaluation set. Decision code asks for a target FMR and gets the threshold; it
never hard-codes one. The JSON form is what ``egate-lab eval`` writes into ``models/calibration/``.

Native scores keep their meaning in the audit (a dlib distance stays a distance); ``lower_is_better``
says which way the threshold applies. A calibration measured on all pairs also keeps its score → FMR curve
(``measured.fmr_curve``); each comparison then carries the FMR its score corresponds to, which is what
score-level fusion multiplies (:mod:`matcher.fusion`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from matcher.errors import CalibrationError

FORMAT = "egate-calibration/1"


@dataclass(frozen=True)
class Comparison:
    """One 1:1 comparison, with everything the audit record must log (BSI TR-03121-3 §4.10)."""

    score: float
    threshold: float
    fmr_target: float
    lower_is_better: bool
    model_id: str
    fmr_estimate: float | None = None  # the FMR this score reaches on the calibration's impostors

    @property
    def is_match(self) -> bool:
        return self.score <= self.threshold if self.lower_is_better else self.score >= self.threshold


@dataclass(frozen=True)
class FmrCurve:
    """Score → FMR, measured on a calibration's impostor scores: thresholds from the most permissive to
    the strictest, with the FMR at each (non-increasing)."""

    thresholds: tuple[float, ...]
    fmr: tuple[float, ...]
    lower_is_better: bool = False

    @classmethod
    def from_points(cls, points: Any, *, lower_is_better: bool, model_id: str) -> FmrCurve:
        try:
            pts = sorted(((float(t), float(f)) for t, f in points), reverse=lower_is_better)
        except (TypeError, ValueError) as exc:
            raise CalibrationError(f"malformed fmr_curve in {model_id!r}: {exc}") from exc
        if not pts or any(not 0.0 <= f <= 1.0 for _, f in pts):
            raise CalibrationError(f"fmr_curve of {model_id!r} needs points with FMR in [0, 1]")
        return cls(tuple(t for t, _ in pts), tuple(f for _, f in pts), lower_is_better)

    @classmethod
    def from_calibration(cls, calibration: Calibration) -> FmrCurve:
        if calibration.fmr_curve is None:
            raise CalibrationError(f"calibration {calibration.model_id!r} has no fmr_curve for fusion")
        return calibration.fmr_curve

    def fmr_at(self, score: float) -> float:
        """FMR of the strictest calibrated threshold the score reaches (conservative: never interpolates
        below a measured point, never below the smallest measured non-zero FMR); 1.0 short of them all."""
        sign = -1.0 if self.lower_is_better else 1.0
        ladder = sign * np.asarray(self.thresholds)
        idx = int(np.searchsorted(ladder, sign * score, side="right")) - 1
        floor = min((f for f in self.fmr if f > 0), default=1.0)
        return 1.0 if idx < 0 else max(self.fmr[idx], floor)


@dataclass(frozen=True)
class Calibration:
    model_id: str
    lower_is_better: bool
    thresholds: dict[float, float]  # target FMR -> threshold (native score units)
    dataset: str = ""
    measured: dict[str, Any] = field(default_factory=dict)

    def threshold_for(self, fmr_target: float) -> float:
        for fmr, threshold in self.thresholds.items():
            if abs(fmr - fmr_target) <= 1e-12 * max(fmr, 1.0):
                return threshold
        known = ", ".join(f"{f:g}" for f in sorted(self.thresholds))
        raise CalibrationError(
            f"model {self.model_id!r} has no threshold calibrated for FMR {fmr_target:g} (has: {known})"
        )

    @cached_property
    def fmr_curve(self) -> FmrCurve | None:
        """The score → FMR curve when the calibration measured one (all-pairs runs do)."""
        points = self.measured.get("fmr_curve")
        if not points:
            return None
        return FmrCurve.from_points(points, lower_is_better=self.lower_is_better, model_id=self.model_id)

    def compare(self, score: float, fmr_target: float) -> Comparison:
        curve = self.fmr_curve
        return Comparison(
            score=float(score),
            threshold=self.threshold_for(fmr_target),
            fmr_target=fmr_target,
            lower_is_better=self.lower_is_better,
            model_id=self.model_id,
            fmr_estimate=None if curve is None else curve.fmr_at(float(score)),
        )

    def to_json(self) -> str:
        doc = {
            "format": FORMAT,
            "model_id": self.model_id,
            "lower_is_better": self.lower_is_better,
            "dataset": self.dataset,
            "thresholds": {f"{fmr:g}": thr for fmr, thr in sorted(self.thresholds.items(), reverse=True)},
            "measured": self.measured,
        }
        return json.dumps(doc, indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, text: str | bytes) -> Calibration:
        try:
            doc = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise CalibrationError(f"calibration is not valid JSON: {exc}") from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise CalibrationError(f"not an {FORMAT} document")
        try:
            thresholds = {float(k): float(v) for k, v in doc["thresholds"].items()}
            model_id = str(doc["model_id"])
            lower = doc["lower_is_better"]
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise CalibrationError(f"calibration is missing or has malformed fields: {exc}") from exc
        if not isinstance(lower, bool) or not thresholds:
            raise CalibrationError("calibration needs a boolean lower_is_better and at least one threshold")
        if any(not 0.0 < f < 1.0 for f in thresholds):
            raise CalibrationError("target FMRs must lie strictly between 0 and 1")
        return cls(
            model_id=model_id,
            lower_is_better=lower,
            thresholds=thresholds,
            dataset=str(doc.get("dataset", "")),
            measured=dict(doc.get("measured") or {}),
        )
