"""The applicant is not the operator: each clerk (or supervisor) enrols a reference portrait once, through
the same issuance quality gate as an applicant's; on submission the applicant's portrait is compared with
the case operator's at FMR 1e-4 with the gate's face model. A match sends the case to adjudication
(``OPERATOR_MATCH``, the candidate ``operator:<audit code>``) before any packet leaves the desk. A clerk
without a reference may not open a case (``OPERATOR_FACE_REQUIRED``)."""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict

from enrollment.desk.case import Actor, ApplicationCase
from enrollment.desk.errors import Problem
from enrollment.desk.face_capture import assess_face
from enrollment.registry.biometrics import DuplicateCandidate
from gate.service.desk_cases import DeskCases
from gate.service.desk_errors import DeskConflict, DeskInvalid
from gate.service.errors import UploadTooLarge
from gate.store.desk_operators import DeskOperatorFaces
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import QualityProfile
from matcher.image import decode_image
from matcher.templates import Template
from models import load_calibration

OPERATOR_PREFIX = "operator:"
OPERATOR_FMR = 1e-4
REFERENCE_TEMPLATES_KEPT = 64  # the operators' reference templates kept in memory (by the portrait's digest)


def is_operator_candidate(candidate: DuplicateCandidate) -> bool:
    return candidate.application_id.startswith(OPERATOR_PREFIX)


class OperatorCheck:
    def __init__(self, cases: DeskCases, pipeline: FacePipeline, profile: QualityProfile, max_bytes: int) -> None:
        self._cases, self._pipeline, self._profile, self._max = cases, pipeline, profile, max_bytes
        self._templates: OrderedDict[str, Template] = OrderedDict()
        self._lock = threading.Lock()

    def enrol(self, actor: Actor, data: bytes) -> None:
        """The operator's own reference (422 with the face gate's codes when it does not qualify)."""
        if len(data) > self._max:
            raise UploadTooLarge(f"image larger than {self._max} bytes")
        verdict, _ = assess_face(data, self._pipeline, self._profile)
        if not verdict.accepted or verdict.sample is None:
            raise DeskInvalid(tuple(Problem(code, "image") for code in verdict.codes or ("NO_FACE",)))
        with self._cases.db.sessions.begin() as session:
            DeskOperatorFaces(session, self._cases.cipher).put(self._cases.desk_id, actor.name,
                                                               verdict.sample.template)

    def reference(self, operator: str) -> bytes | None:
        """The operator's reference portrait (JPEG), None when they enrolled none."""
        with self._cases.db.sessions() as session:
            return DeskOperatorFaces(session, self._cases.cipher).get(self._cases.desk_id, operator)

    def require(self, actor: Actor) -> None:
        """A clerk opens cases only with a reference enrolled: the operator check cannot be skipped
        (409 ``OPERATOR_FACE_REQUIRED``)."""
        if actor.role == "clerk" and self.reference(actor.name) is None:
            raise DeskConflict("OPERATOR_FACE_REQUIRED")

    def match(self, case: ApplicationCase) -> DuplicateCandidate | None:
        """The case operator as a candidate when the applicant's portrait matches theirs; None otherwise
        (also when the operator enrolled no reference)."""
        face = case.samples.get("face")
        reference = self.reference(case.operator)
        if reference is None or face is None:
            return None
        probe, known = self._template(face.template), self._reference_template(reference)
        comparison = self._pipeline.verify(probe, known, load_calibration(self._pipeline.calibration_id),
                                           OPERATOR_FMR)
        if not comparison.is_match:
            return None
        fmr = comparison.fmr_estimate if comparison.fmr_estimate is not None else OPERATOR_FMR
        return DuplicateCandidate(f"{OPERATOR_PREFIX}{case.operator}", fmr, {"face": fmr})

    def _template(self, jpeg: bytes) -> Template:
        return self._pipeline.capture(decode_image(jpeg).rgb, allow_several=True).template

    def _reference_template(self, jpeg: bytes) -> Template:
        """An operator's reference is embedded once, not at every submission (keyed by its bytes' digest, so
        a re-enrolled reference is embedded anew)."""
        key = hashlib.sha256(jpeg).hexdigest()
        with self._lock:
            template = self._templates.pop(key, None)
        if template is None:
            template = self._template(jpeg)
        with self._lock:
            self._templates[key] = template
            while len(self._templates) > REFERENCE_TEMPLATES_KEPT:
                self._templates.popitem(last=False)
        return template
