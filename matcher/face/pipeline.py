"""The face pipeline: detect → 5-point landmarks → align → embed, then compare against a reference.

``FacePipeline.capture`` turns one image into a :class:`FaceCapture` (template, quality, the face found)
or raises a typed error; ``FacePipeline.verify`` compares two templates and returns a
:class:`~matcher.thresholds.Comparison` holding score, threshold and FMR target for the audit.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
from numpy.typing import NDArray

from matcher.errors import MultipleFacesError, NoFaceError
from matcher.face.compare import Metric, score
from matcher.face.ports import FaceAligner, FaceDetector, FaceEmbedder, LandmarkPredictor
from matcher.face.quality import BORDER_CAPTURE, FaceQuality, QualityProfile, assess_quality
from matcher.face.types import AlignedFace, DetectedFace, RgbImage
from matcher.templates import Template, require_compatible
from matcher.thresholds import Calibration, Comparison


@dataclass(frozen=True)
class FaceCapture:
    face: DetectedFace
    crop: NDArray[np.uint8]
    template: Template
    quality: FaceQuality
    faces_in_image: int


class FacePipeline:
    def __init__(self, detector: FaceDetector, landmarker: LandmarkPredictor, aligner: FaceAligner,
                 embedder: FaceEmbedder, *, metric: Metric = "euclidean",
                 quality_profile: QualityProfile = BORDER_CAPTURE, calibration_id: str | None = None) -> None:
        if aligner.crop_size != embedder.crop_size:
            raise ValueError("aligner and embedder disagree on the crop size")
        self.detector, self.landmarker, self.aligner, self.embedder = detector, landmarker, aligner, embedder
        self.metric: Metric = metric
        self.quality_profile = quality_profile
        # the calibration whose thresholds apply to this embedder's scores (a converted model may share one)
        self.calibration_id = calibration_id or embedder.model_id

    @property
    def model_id(self) -> str:
        return self.embedder.model_id

    def detect(self, image: RgbImage) -> list[DetectedFace]:
        return [DetectedFace(box, self.landmarker.predict(image, box)) for box in self.detector.detect(image)]

    def capture(self, image: RgbImage, *, allow_several: bool = False) -> FaceCapture:
        """The one face in ``image`` (the largest if ``allow_several``), embedded and quality-checked."""
        faces = self.detect(image)
        if not faces:
            raise NoFaceError("no face found in the image", count=0)
        if len(faces) > 1 and not allow_several:
            raise MultipleFacesError(f"{len(faces)} faces found; 1:1 verification needs exactly one",
                                     count=len(faces))
        face = faces[0]
        crop = self.aligner.align(image, face.landmarks)
        return FaceCapture(face=face, crop=crop, template=self._template(crop, face),
                           quality=self.assess(image, face), faces_in_image=len(faces))

    def embed_face(self, image: RgbImage, face: DetectedFace) -> Template:
        """The template of one already-detected face (the gate detects once per frame, embeds once)."""
        return self._template(self.aligner.align(image, face.landmarks), face)

    def assess(self, image: RgbImage, face: DetectedFace) -> FaceQuality:
        return assess_quality(image, face, self.quality_profile)

    def _template(self, crop: NDArray[np.uint8], face: DetectedFace) -> Template:
        return Template(self.model_id, self.embedder.embed([AlignedFace(crop, face)])[0])

    def score(self, probe: Template, reference: Template) -> float:
        for t in (probe, reference):
            require_compatible(t, model_id=self.model_id, dim=self.embedder.dim)
        return score(probe.vector, reference.vector, self.metric)

    def verify(self, probe: Template, reference: Template, calibration: Calibration,
               fmr_target: float) -> Comparison:
        if calibration.model_id != self.calibration_id:
            raise ValueError(f"calibration is {calibration.model_id!r}, this pipeline needs {self.calibration_id!r}")
        if calibration.lower_is_better != (self.metric == "euclidean"):  # a distance read as a similarity
            raise ValueError(f"calibration direction does not fit the {self.metric} metric")
        # the audit names the model that produced the score, whichever calibration supplied the threshold
        return replace(calibration.compare(self.score(probe, reference), fmr_target), model_id=self.model_id)

