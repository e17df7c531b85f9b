"""The face capture's quality gate, held to the ICAO portrait rules for issuance, and the DG2 portrait.

Refused with typed codes: an image that does not decode (``IMAGE_UNREADABLE``), no face (``NO_FACE``: a
fingerprint or any other non-face image), more than one (``MULTIPLE_FACES``), and each failed criterion of
the quality profile (border capture by default: eye distance, pose, sharpness, exposure, contrast, clipping,
head size) plus the desk's own ``UNEVEN_LIGHTING``: the two halves of the face lit unevenly (a strong
shadow across it). Accepted: the ISO/IEC 19794-5 token portrait, a JPEG of at most 20 kB, for DG2.
"""

from __future__ import annotations

import cv2
import numpy as np

from enrollment.desk.case import Sample
from enrollment.desk.slots import CaptureVerdict
from enrollment.photo import prepare_photo
from matcher.criteria import Criterion, at_most
from matcher.errors import ImageError
from matcher.face.pipeline import FacePipeline
from matcher.face.portrait import token_portrait
from matcher.face.quality import BORDER_CAPTURE, QualityProfile, assess_quality
from matcher.face.types import DetectedFace, RgbImage
from matcher.image import decode_image, encode_jpeg

MAX_LIGHT_IMBALANCE = 0.25  # |left - right| / brighter half of the face's mean grey level


def lighting_balance(image: RgbImage, face: DetectedFace) -> Criterion:
    """The face's left and right halves (split at the eyes' midpoint) compared by mean grey level."""
    b = face.box
    grey = cv2.cvtColor(image[max(b.top, 0):b.bottom, max(b.left, 0):b.right], cv2.COLOR_RGB2GRAY)
    left_eye, right_eye = face.landmarks.eye_centers
    split = round(float(left_eye[0] + right_eye[0]) / 2) - max(b.left, 0)
    split = min(max(split, 1), grey.shape[1] - 1) if grey.shape[1] > 1 else 0
    halves = (grey[:, :split], grey[:, split:])
    means = [float(h.mean()) if h.size else 0.0 for h in halves]
    imbalance = abs(means[0] - means[1]) / max(max(means), 1.0)
    return at_most("lighting_balance", imbalance, MAX_LIGHT_IMBALANCE, "UNEVEN_LIGHTING",
                   "Light the face evenly from the front.")


def assess_face(data: bytes, pipeline: FacePipeline,
                profile: QualityProfile = BORDER_CAPTURE) -> tuple[CaptureVerdict, tuple[Criterion, ...]]:
    """The verdict (with the DG2 portrait as the sample's template when accepted) and every criterion
    measured, so that a page can show which limit a photo missed."""
    try:
        image = decode_image(data).rgb
    except ImageError as exc:
        return CaptureVerdict(False, (exc.code,)), ()
    faces = pipeline.detect(image)
    if not faces:
        return CaptureVerdict(False, ("NO_FACE",)), ()
    if len(faces) > 1:
        return CaptureVerdict(False, ("MULTIPLE_FACES",)), ()
    face = faces[0]
    quality = assess_quality(image, face, profile)
    criteria = (*quality.criteria, lighting_balance(image, face))
    codes = tuple(dict.fromkeys(c.reason for c in criteria if not c.passed))
    if codes:
        return CaptureVerdict(False, codes), criteria
    portrait = token_portrait(image, face.landmarks)
    jpeg = prepare_photo(encode_jpeg(np.ascontiguousarray(portrait), quality=92)).jpeg
    return CaptureVerdict(True, (), None, Sample(data, jpeg)), criteria
