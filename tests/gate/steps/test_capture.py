"""The capture step in whole transactions: faces counted, the time budget, quality pre-qualification."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import cv2
import numpy as np

from gate.devices.camera import StillImageCamera
from gate.policy import Reason, Verdict
from matcher.face.types import RgbImage
from matcher.image import decode_image, encode_jpeg
from tests.gate.audit.chain_helpers import stored_chain
from tests.gate.conftest import GateFactory, World, run


def test_two_people_in_the_mantrap_are_referred(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    result, _ = run(make_gate(), card, key, [world.photo("two_people.jpg")])
    assert result.decision.reasons == (Reason.MULTIPLE_FACES,)


def test_no_face_within_the_budget_is_a_capture_timeout(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    empty = encode_jpeg(np.full((480, 640, 3), 90, np.uint8))
    result, _ = run(make_gate(), card, key, [empty, empty, empty])
    assert result.decision.reasons == (Reason.CAPTURE_TIMEOUT,)


class EndlessBlurCamera:
    """Blurred frames forever; the gate must stop at its time budget."""

    def __init__(self, frame: RgbImage) -> None:
        self.frame: RgbImage = np.asarray(cv2.GaussianBlur(frame, (0, 0), 7), dtype=np.uint8)
        self.delivered = 0

    def frames(self) -> Iterator[RgbImage]:
        while True:
            self.delivered += 1
            yield self.frame


def test_quality_still_failing_at_the_end_of_the_budget(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    gate = make_gate(capture_budget_s=10.0)
    clock = iter(range(0, 1000))
    gate.controller.parts = replace(gate.controller.parts, monotonic=lambda: float(next(clock)))  # 1 s per frame
    camera = EndlessBlurCamera(decode_image(world.photo("obama-480p.jpg")).rgb)
    result, _ = run(gate, card, key, camera)
    assert result.decision.reasons[0] is Reason.QUALITY_FAILED
    assert result.pad_score is not None  # liveness still ran and was logged (blur also looks like a replay)
    assert result.face is None
    assert 9 <= camera.delivered <= 11
    assert result.quality is not None and "BLUR" in {c.reason for c in result.quality.failures}


def test_several_quality_failures_are_each_audited(world: World, make_gate: GateFactory) -> None:


    gate = make_gate()
    card, key = world.issue()
    dark_and_flat = (decode_image(world.photo("obama-480p.jpg")).rgb * 0.2).astype(np.uint8)
    result, _ = run(gate, card, key, [encode_jpeg(dark_and_flat)])
    assert result.quality is not None and len(result.quality.failures) >= 2
    assert result.decision.reasons[0] is Reason.QUALITY_FAILED  # not SYSTEM_ERROR: the audit took it
    bodies = stored_chain(gate.db)
    capture = next(b for b in bodies if b["event_type"] == "capture_checked")
    codes = {c["code"] for c in capture["checks"] if c["kind"].startswith("quality.")}
    assert codes == {c.reason for c in result.quality.failures}


def test_frames_are_pre_qualified_best_first(world: World, make_gate: GateFactory) -> None:
    card, key = world.issue()
    blurred = encode_jpeg(np.asarray(cv2.GaussianBlur(decode_image(world.photo("obama-480p.jpg")).rgb, (0, 0), 7),
                                     dtype=np.uint8))
    result, _ = run(make_gate(), card, key, StillImageCamera([blurred, world.photo("obama-480p.jpg")]))
    assert result.decision.verdict is Verdict.OPEN
    assert result.quality is not None and result.quality.passed
