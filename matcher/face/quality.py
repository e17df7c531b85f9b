"""Face image quality for border control (BSI TR-03121-3 Table 4.3), measured on the live image only.

Each criterion reports its value, its limit, pass/fail, a reason code and the guidance a kiosk shows.
Profiles hold the limits: ``BORDER_CAPTURE`` is the standard's, ``RELAXED`` suits archive photographs.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from matcher.criteria import Assessment, within
from matcher.face import params
from matcher.face.pose import HeadPose, estimate_pose
from matcher.face.types import DetectedFace, RgbImage


@dataclass(frozen=True)
class QualityProfile:
    name: str
    min_eye_distance: float
    max_yaw: float
    max_pitch: float
    max_roll: float
    min_sharpness: float
    exposure: tuple[float, float]  # mean grey level of the face region
    min_contrast: float  # standard deviation of the face region's grey levels
    max_clipped: float  # fraction of face pixels at 0-5 or 250-255
    head_width_ratio: tuple[float, float] | None  # face box width / image width


BORDER_CAPTURE = QualityProfile("border-capture", 120, 5, 5, 8, 80, (70, 200), 25, 0.15, (0.5, 0.75))
RELAXED = QualityProfile("relaxed", 40, 20, 25, 15, 25, (50, 215), 18, 0.3, None)
PROFILES = {p.name: p for p in (BORDER_CAPTURE, RELAXED)}


@dataclass(frozen=True)
class FaceQuality(Assessment):
    pose: HeadPose

    @property
    def score(self) -> float:
        """Ranks frames for pre-qualification: share of criteria passed, ties broken by sharpness."""
        passed = sum(c.passed for c in self.criteria) / len(self.criteria)
        sharp = next(c.value for c in self.criteria if c.name == "sharpness")
        return passed + min(sharp, 1000.0) / 1e6


def _face_region(image: RgbImage, face: DetectedFace) -> np.ndarray:
    b = face.box
    grey = cv2.cvtColor(image[b.top:b.bottom, b.left:b.right], cv2.COLOR_RGB2GRAY)
    width = params.QUALITY_FACE_WIDTH
    height = max(1, round(grey.shape[0] * width / max(grey.shape[1], 1)))
    return cv2.resize(grey, (width, height), interpolation=cv2.INTER_AREA)


def assess_quality(image: RgbImage, face: DetectedFace, profile: QualityProfile = BORDER_CAPTURE) -> FaceQuality:
    pose = estimate_pose(face.landmarks)
    region = _face_region(image, face)
    sharpness = float(cv2.Laplacian(region, cv2.CV_64F).var())
    mean, std = float(region.mean()), float(region.std())
    clipped = float(((region <= 5) | (region >= 250)).mean())
    p = profile
    crits = [
        within("eye_distance", pose.eye_distance, p.min_eye_distance, float("inf"), "EYE_DISTANCE_LOW",
                "Move closer to the camera.", "", ""),
        within("yaw", pose.yaw, -p.max_yaw, p.max_yaw, "YAW", "Look straight at the camera.",
                "YAW", "Look straight at the camera."),
        within("pitch", pose.pitch, -p.max_pitch, p.max_pitch, "PITCH", "Lower your chin slightly.",
                "PITCH", "Raise your chin slightly."),
        within("roll", pose.roll, -p.max_roll, p.max_roll, "ROLL", "Hold your head upright.",
                "ROLL", "Hold your head upright."),
        within("sharpness", sharpness, p.min_sharpness, float("inf"), "BLUR", "Hold still.", "", ""),
        within("exposure", mean, *p.exposure, "TOO_DARK", "Your face is too dark: face the light.",
                "TOO_BRIGHT", "Your face is over-exposed: move out of direct light."),
        within("contrast", std, p.min_contrast, float("inf"), "LOW_CONTRAST",
                "Lighting is too flat: remove glare or shadow.", "", ""),
        within("clipped_pixels", clipped, 0.0, p.max_clipped, "", "", "CLIPPED",
                "Lighting is too harsh on your face."),
    ]
    if p.head_width_ratio is not None:
        ratio = face.box.width / image.shape[1]
        crits.append(within("head_width_ratio", ratio, *p.head_width_ratio, "FACE_TOO_SMALL",
                             "Move closer to the camera.", "FACE_TOO_LARGE", "Step back from the camera."))
    return FaceQuality(profile=p.name, pose=pose, criteria=tuple(crits))
