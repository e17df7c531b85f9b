"""A test double of the registry's Deduplicator: the face alone, brute force over everyone enrolled, with
the gate's face calibration at FMR 1e-3. (The real one, faiss and fused modalities, is the registry's.)"""

from __future__ import annotations

from collections.abc import Collection

from enrollment.registry.biometrics import ApplicantBiometrics, DuplicateCandidate
from matcher.face.pipeline import FacePipeline
from matcher.image import decode_image
from matcher.templates import Template
from models import load_calibration


class FaceDeduplicator:
    def __init__(self, pipeline: FacePipeline, fmr_target: float = 1e-3) -> None:
        self._pipeline, self._fmr = pipeline, fmr_target
        self._calibration = load_calibration(pipeline.calibration_id)
        self.enrolled: dict[str, Template] = {}

    def _template(self, applicant: ApplicantBiometrics) -> Template:
        assert applicant.face_jpeg is not None
        return self._pipeline.capture(decode_image(applicant.face_jpeg).rgb, allow_several=True).template

    def search(self, applicant: ApplicantBiometrics, *, exclude: Collection[str] = ()) -> list[DuplicateCandidate]:
        probe = self._template(applicant)
        found = []
        for application_id, reference in self.enrolled.items():
            if application_id in exclude:
                continue
            comparison = self._pipeline.verify(probe, reference, self._calibration, self._fmr)
            if comparison.is_match:
                fmr = comparison.fmr_estimate if comparison.fmr_estimate is not None else self._fmr
                found.append(DuplicateCandidate(application_id, fmr, {"face": fmr}))
        return sorted(found, key=lambda c: c.fused_fmr)

    def enroll(self, application_id: str, applicant: ApplicantBiometrics) -> None:
        self.enrolled[application_id] = self._template(applicant)

    def remove(self, application_id: str) -> None:
        self.enrolled.pop(application_id, None)

    def count(self) -> int:
        return len(self.enrolled)
