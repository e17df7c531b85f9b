"""The gate's path: live frame → template → compare with the chip's ISO record → calibrated decision."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.finger import iso19794_2
from matcher.finger.errors import BlankImageError
from matcher.finger.template import FingerTemplate, rescaled
from matcher.finger.verify import FingerVerifier
from matcher.thresholds import Calibration
from tests.matcher.finger.conftest import read_grey

CAL = Calibration("finger-mcc-mindtct", False, {0.01: 0.05, 0.001: 0.07},
                  measured={"fmr_curve": [[0.0, 1.0], [0.05, 0.01], [0.07, 0.001], [0.09, 0.0001]]})


def test_capture_and_verify_a_live_frame(fvc_db1: Path, db1_templates: dict[str, FingerTemplate]) -> None:
    verifier = FingerVerifier(CAL, extractor="mindtct")
    live = verifier.capture(read_grey(fvc_db1 / "101_2.tif"), finger_position=2)
    assert live.finger_position == 2 and live.nfiq2 is not None
    enrolled = db1_templates["101_1"]
    chip = iso19794_2.encode(iso19794_2.record_of([enrolled]))
    result = verifier.verify([live], chip, 0.001)
    assert result.is_match and result.fingers[0].comparison.threshold == 0.07
    with pytest.raises(BlankImageError):
        verifier.capture(np.full((300, 300), 128, np.uint8))


def test_chip_record_at_another_resolution_is_brought_to_500_ppi(db1_templates: dict[str, FingerTemplate]) -> None:
    verifier = FingerVerifier(CAL, extractor="mindtct")
    enrolled = rescaled(db1_templates["101_1"], 2.0)  # as if captured at 1000 ppi
    assert enrolled.dpi == pytest.approx(1000)
    chip = iso19794_2.encode(iso19794_2.record_of([enrolled]))
    mated = verifier.verify([db1_templates["101_2"]], chip, 0.01).fingers[0].score
    other = verifier.verify([db1_templates["102_1"]], chip, 0.01).fingers[0].score
    assert mated > other
