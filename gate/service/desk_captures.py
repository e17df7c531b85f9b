"""Captures at the desk: each upload judged by its quality gate and answered with the verdict as codes
(and, for faces and irises, every criterion measured) so that a page can guide the clerk.

The image work (face detection, minutiae extraction with NFIQ 2, iris segmentation) runs outside any
database transaction; the attempt is then recorded on the case as stored at that moment. An attempt the
case cannot take (wrong state, tries used up, a slot not required) is refused before any image work.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from enrollment.desk.case import EYES, Actor, ApplicationCase
from enrollment.desk.errors import Problem
from enrollment.desk.face_capture import assess_face
from enrollment.desk.finger_capture import assess_finger
from enrollment.desk.iris_capture import assess_iris
from enrollment.desk.policy import CapturePolicy
from enrollment.desk.slots import CaptureVerdict, check_attempt, record_attempt
from gate.service.desk_cases import DeskCases, Step
from gate.service.desk_errors import DeskInvalid, refusals
from gate.service.errors import UploadTooLarge
from matcher.criteria import Criterion
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import QualityProfile
from matcher.finger.extract import Extractor


@dataclass(frozen=True)
class CaptureOutcome:
    case: ApplicationCase
    slot: str
    verdict: CaptureVerdict
    criteria: tuple[Criterion, ...]
    tries_left: int | None  # None for the face (no limit)


class DeskCaptures:
    def __init__(self, cases: DeskCases, policy: CapturePolicy, pipeline: FacePipeline, profile: QualityProfile,
                 extractor: Extractor, max_bytes: int) -> None:
        self._cases, self._policy, self._pipeline = cases, policy, pipeline
        self._profile, self._extractor, self.max_bytes = profile, extractor, max_bytes

    def face(self, actor: Actor, case_id: str, data: bytes) -> CaptureOutcome:
        return self._capture(actor, case_id, "face", data, lambda: assess_face(data, self._pipeline, self._profile))

    def check_face(self, data: bytes) -> tuple[CaptureVerdict, tuple[Criterion, ...]]:
        """The face's verdict for the live view's guidance: judged, never recorded on any case."""
        if len(data) > self.max_bytes:
            raise UploadTooLarge(f"frame larger than {self.max_bytes} bytes")
        return assess_face(data, self._pipeline, self._profile)

    def finger(self, actor: Actor, case_id: str, position: int, data: bytes) -> CaptureOutcome:
        if position not in range(1, 11):
            raise DeskInvalid((Problem("FINGER_POSITION_INVALID", "position"),))
        return self._capture(actor, case_id, f"finger:{position}", data,
                             lambda: (assess_finger(data, position, self._extractor,
                                                    minimum=self._policy.nfiq2_minimum), ()))

    def iris(self, actor: Actor, case_id: str, eye: str, data: bytes) -> CaptureOutcome:
        if eye not in EYES:
            raise DeskInvalid((Problem("EYE_INVALID", "eye"),))
        return self._capture(actor, case_id, f"iris:{eye}", data, lambda: assess_iris(data))

    def _capture(self, actor: Actor, case_id: str, slot: str, data: bytes,
                 assess: Callable[[], tuple[CaptureVerdict, tuple[Criterion, ...]]]) -> CaptureOutcome:
        if len(data) > self.max_bytes:
            raise UploadTooLarge(f"capture larger than {self.max_bytes} bytes")
        with refusals():
            check_attempt(self._cases.load(case_id), slot, actor, self._policy)
        verdict, criteria = assess()
        result = "RESULT:accepted" if verdict.accepted else "RESULT:refused"
        case = self._cases.change(case_id, actor, lambda c: Step(
            record_attempt(c, slot, verdict, actor, self._policy), "capture", (f"SLOT:{slot}", result,
                                                                               *verdict.codes)))
        status = case.slot(slot)
        left = None if slot == "face" else max(self._policy.max_tries - status.attempts, 0)
        return CaptureOutcome(case, slot, verdict, criteria, left)
