"""Reading calibrations: the committed finger calibrations, fusion's score-to-FMR map, the verifier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import get_args

import numpy as np
import pytest

from gate.settings import GateSettings
from matcher.errors import CalibrationError
from matcher.evaluation import fvc, metrics
from matcher.finger import iso19794_2
from matcher.finger.api import model_id
from matcher.finger.fusion import FmrCurve, fuse
from matcher.finger.template import FingerTemplate
from matcher.finger.verify import FingerVerifier
from matcher.thresholds import Calibration
from models import CALIBRATION_DIR, load_calibration


def _calibration(mid: str = "finger-mcc-mindtct") -> Calibration:
    rng = np.random.default_rng(0)
    imp = rng.uniform(0.0, 0.08, 20000)
    gen = rng.uniform(0.05, 0.6, 1000)
    return Calibration(
        model_id=mid, lower_is_better=False, thresholds=fvc.calibration_thresholds(gen, imp),
        measured={"fmr_curve": metrics.fmr_curve_points(imp)},
    )


def test_json_round_trip_keeps_fusion_curve() -> None:
    cal = Calibration.from_json(_calibration().to_json())
    assert cal.threshold_for(0.001) == pytest.approx(_calibration().threshold_for(0.001))
    curve = FmrCurve.from_calibration(cal)
    assert curve.fmr_at(-1.0) == 1.0
    assert curve.fmr_at(0.5) == pytest.approx(1 / 20000)
    assert 0.01 <= curve.fmr_at(cal.threshold_for(0.01)) <= 0.012  # conservative: the point below


def test_fusion_combines_finger_fmrs() -> None:
    cal = _calibration()
    t, strong = cal.threshold_for(0.01), cal.threshold_for(0.001)
    one = fuse([t], cal, 1e-3)
    two = fuse([t, t], cal, 1e-3)
    # two fingers at FMR 1 % each: a product of 1e-4, which an impostor pair reaches with chance
    # 1e-4·(1 − ln 1e-4) ≈ 1.02e-3 — above the target, so Fisher's combination refers
    assert not one.is_match and not two.is_match
    assert two.fused_fmr == pytest.approx(one.fused_fmr**2 * (1 - np.log(one.fused_fmr**2)))
    assert fuse([t, strong], cal, 1e-3).is_match  # 1 % and 0.1 %: about 1.3e-4 together
    with pytest.raises(CalibrationError):
        fuse([0.1], Calibration("x", False, {0.01: 0.1}), 0.01)


# every pipeline the gate settings can select needs its committed calibration
_PIPELINES = [
    model_id(m, e)
    for e in get_args(GateSettings.model_fields["finger_extractor"].annotation)
    for m in get_args(GateSettings.model_fields["finger_matcher"].annotation)
]


@pytest.mark.parametrize("name", _PIPELINES)
def test_committed_calibrations_load(name: str) -> None:
    cal = load_calibration(name)
    assert not cal.lower_is_better
    assert cal.threshold_for(0.001) >= cal.threshold_for(0.01)
    # the fusion curve is conservative: at a threshold it reports the FMR of the curve point at or below
    # (64 sampled points; bozorth3's integer scores tie, so one step can exceed the target by a few %)
    assert FmrCurve.from_calibration(cal).fmr_at(cal.threshold_for(0.001)) <= 0.0015
    doc = json.loads((CALIBRATION_DIR / f"{name}.json").read_text())
    assert "FVC" in doc["dataset"]


def test_verifier_against_chip_record(db1_templates: dict[str, FingerTemplate], secugen_db1: Path) -> None:
    cal = _calibration(model_id("mcc", "mindtct"))
    verifier = FingerVerifier(cal, extractor="mindtct")
    chip = iso19794_2.encode(iso19794_2.record_of([db1_templates["101_1"]]))
    genuine = verifier.verify([db1_templates["101_2"]], chip, 0.001)
    impostor = verifier.verify([db1_templates["102_1"]], chip, 0.001)
    assert genuine.fingers[0].score > impostor.fingers[0].score
    assert genuine.fingers[0].comparison.threshold == cal.threshold_for(0.001)
    assert genuine.fused is None
    both = verifier.verify([db1_templates["101_2"], db1_templates["101_3"]], chip, 0.001)
    assert both.fused is not None and len(both.fingers) == 2
    with pytest.raises(ValueError):
        FingerVerifier(cal, extractor="mindtct", matcher="bozorth3")
