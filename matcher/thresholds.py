"""Score ↔ FMR calibration and the 1:1 decision.

A :class:`Calibration` belongs to one model version (``model_id``) and lists, for each target FMR, the
threshold measured on an evaluation set. Decision code asks for a target FMR and gets the threshold; it
never hard-codes one. The JSON form is what ``egate-lab eval`` writes into ``models/calibration/``.

Native scores keep their meaning in the audit (a dlib distance stays a distance); ``lower_is_better``
says which way the threshold applies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

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

    @property
    def is_match(self) -> bool:
        return self.score <= self.threshold if self.lower_is_better else self.score >= self.threshold


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

    def compare(self, score: float, fmr_target: float) -> Comparison:
        return Comparison(
            score=float(score),
            threshold=self.threshold_for(fmr_target),
            fmr_target=fmr_target,
            lower_is_better=self.lower_is_better,
            model_id=self.model_id,
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
