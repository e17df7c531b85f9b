"""1:1 fingerprint verification at the gate: live captures against the ISO/IEC 19794-2 record from DG3.

``FingerVerifier.capture`` turns a scanner frame into a template (normalise → extract, typed errors for
unusable images); ``FingerVerifier.verify`` decodes the chip's record, compares each live finger with the
chip's templates of the same finger position (all of them when a position is unknown), keeps the best
score per finger and decides: one finger against the calibrated threshold, several through
:mod:`matcher.finger.fusion`. Every score and the threshold travel in the result for the audit record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.finger import iso19794_2, params
from matcher.finger.api import Matcher, get_matcher, model_id
from matcher.finger.extract import get_extractor
from matcher.finger.fusion import FusedDecision, fuse
from matcher.finger.image import normalise
from matcher.finger.template import FingerTemplate, at_resolution
from matcher.thresholds import Calibration, Comparison


@dataclass(frozen=True)
class FingerComparison:
    finger_position: int
    score: float
    comparison: Comparison
    live_nfiq2: int | None


@dataclass(frozen=True)
class FingerVerification:
    fingers: tuple[FingerComparison, ...]
    fused: FusedDecision | None  # set when more than one finger was compared
    model_id: str
    fmr_target: float

    @property
    def is_match(self) -> bool:
        if self.fused is not None:
            return self.fused.is_match
        return bool(self.fingers) and self.fingers[0].comparison.is_match


class FingerVerifier:
    def __init__(self, calibration: Calibration, *, extractor: str = "leader", matcher: str = "mcc") -> None:
        expected = model_id(matcher, extractor)
        if calibration.model_id != expected:
            raise ValueError(f"calibration is for {calibration.model_id!r}, this verifier is {expected!r}")
        self.calibration = calibration
        self.extractor = get_extractor(extractor)
        self.matcher: Matcher = get_matcher(matcher)

    def capture(self, pixels: NDArray[np.uint8], *, dpi: float = params.TARGET_DPI,
                finger_position: int = 0) -> FingerTemplate:
        return self.extractor.extract(normalise(pixels, dpi), finger_position=finger_position)

    def verify(self, live: Sequence[FingerTemplate], chip_record: bytes, fmr_target: float) -> FingerVerification:
        references = [at_resolution(t) for t in iso19794_2.decode(chip_record).templates]
        prepared = [(t.finger_position, self.matcher.prepare(t)) for t in references]
        fingers = []
        for probe in live:
            p = self.matcher.prepare(at_resolution(probe))
            pos = probe.finger_position
            candidates = [r for fp, r in prepared if pos == 0 or fp == 0 or fp == pos]
            score = max((self.matcher.score_prepared(p, r) for r in candidates), default=0.0)
            fingers.append(FingerComparison(pos, score, self.calibration.compare(score, fmr_target), probe.nfiq2))
        fused = fuse([f.score for f in fingers], self.calibration, fmr_target) if len(fingers) > 1 else None
        return FingerVerification(tuple(fingers), fused, self.calibration.model_id, fmr_target)
