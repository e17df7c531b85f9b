"""Iris image quality in the spirit of ISO/IEC 29794-6: each measure with its limit, pass/fail, a stable
reason code and the guidance a kiosk shows (as :mod:`matcher.face.quality` does for faces).

    usable_iris_area       % of the annulus between the circles not under lids, lashes, reflections
    iris_sclera_contrast   |S - I| / (S + I - 2P) x 100            (medians: sclera, iris, pupil)
    iris_pupil_contrast    W / (0.75 + W) x 100, W = (I - P) / (20 + P)   (Weber contrast)
    pupil_iris_ratio       r_pupil / r_iris x 100
    pupil_concentricity    distance between the centres / r_iris x 100
    margin                 room left round the iris in the frame, in iris radii (sides, top/bottom)
    grey_scale_utilisation entropy of the image's grey levels, bits
    sharpness              variance of the Laplacian over the visible iris
    iris_diameter          px
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from matcher.criteria import Assessment, at_least, at_most
from matcher.iris.types import BoolMask, IrisImage, NormalisedIris, Segmentation


@dataclass(frozen=True)
class IrisQualityProfile:
    name: str
    min_usable_area: float
    min_sclera_contrast: float
    min_pupil_contrast: float
    pupil_iris_ratio: tuple[float, float]
    max_concentricity: float
    min_margin: tuple[float, float]  # (left/right, top/bottom) in iris radii
    min_grey_bits: float
    min_sharpness: float
    min_iris_diameter: float


# ISO/IEC 29794-6's recommended limits where it gives them; sharpness is ours (see the report of issue 15)
ISO_29794_6 = IrisQualityProfile("iso-29794-6", 70, 5, 30, (20, 70), 10, (0.6, 0.2), 6, 20, 150)
ENROLMENT = ISO_29794_6


@dataclass(frozen=True)
class IrisQuality(Assessment):

    def value(self, name: str) -> float:
        return next(c.value for c in self.criteria if c.name == name)


def _regions(shape: tuple[int, int], seg: Segmentation) -> tuple[BoolMask, BoolMask, BoolMask, BoolMask]:
    h, w = shape
    yy, xx = np.mgrid[0:h, 0:w]
    p, s = seg.pupil, seg.iris
    d_iris = np.hypot(xx - s.x, yy - s.y)
    d_pupil = np.hypot(xx - p.x, yy - p.y)
    annulus = (d_iris <= s.r) & (d_pupil > p.r)
    pupil = d_pupil <= 0.8 * p.r
    lateral = np.abs(yy - s.y) < 0.5 * s.r
    sclera = (d_iris > 1.08 * s.r) & (d_iris < 1.25 * s.r) & lateral & ~seg.noise
    return annulus, annulus & ~seg.noise, pupil, sclera


def assess_quality(image: IrisImage, seg: Segmentation, norm: NormalisedIris,
                   profile: IrisQualityProfile = ENROLMENT) -> IrisQuality:
    grey = image.pixels
    annulus, visible, pupil_px, sclera_px = _regions(grey.shape, seg)
    usable = 100.0 * float(visible.sum()) / max(int(annulus.sum()), 1)
    iris_med = float(np.median(grey[visible])) if visible.any() else 0.0
    pupil_med = float(np.median(grey[pupil_px])) if pupil_px.any() else 0.0
    sclera_med = float(np.median(grey[sclera_px])) if sclera_px.any() else iris_med
    denom = sclera_med + iris_med - 2 * pupil_med
    sclera_contrast = 100.0 * abs(sclera_med - iris_med) / denom if denom > 0 else 0.0
    weber = max(iris_med - pupil_med, 0.0) / (20.0 + pupil_med)
    pupil_contrast = 100.0 * weber / (0.75 + weber)
    p, s = seg.pupil, seg.iris
    ratio = 100.0 * p.r / s.r
    concentricity = 100.0 * float(np.hypot(p.x - s.x, p.y - s.y)) / s.r
    h, w = grey.shape
    side = min(s.x, w - 1 - s.x) / s.r - 1.0
    vertical = min(s.y, h - 1 - s.y) / s.r - 1.0
    hist = np.bincount(grey.ravel(), minlength=256).astype(np.float64)
    prob = hist[hist > 0] / max(hist.sum(), 1.0)
    entropy = float(-(prob * np.log2(prob)).sum())
    lap = cv2.Laplacian(grey, cv2.CV_64F, ksize=3)
    sharpness = float(lap[visible].var()) if visible.any() else 0.0
    q = profile
    crits = (
        at_least("usable_iris_area", usable, q.min_usable_area, "USABLE_AREA_LOW",
                  "Open your eyes wide and look into the camera."),
        at_least("iris_sclera_contrast", sclera_contrast, q.min_sclera_contrast, "SCLERA_CONTRAST_LOW",
                  "Remove tinted or patterned contact lenses."),
        at_least("iris_pupil_contrast", pupil_contrast, q.min_pupil_contrast, "PUPIL_CONTRAST_LOW",
                  "Remove glasses; keep the eye in the illuminated area."),
        at_least("pupil_iris_ratio_min", ratio, q.pupil_iris_ratio[0], "PUPIL_CONSTRICTED",
                  "The light is too bright: step back out of direct light."),
        at_most("pupil_iris_ratio_max", ratio, q.pupil_iris_ratio[1], "PUPIL_DILATED",
                 "The pupil is too dilated: wait a moment in the light."),
        at_most("pupil_concentricity", concentricity, q.max_concentricity, "GAZE_OFF_AXIS",
                 "Look straight into the camera."),
        at_least("margin_sides", side, q.min_margin[0], "IRIS_AT_EDGE", "Centre your eye in the frame."),
        at_least("margin_vertical", vertical, q.min_margin[1], "IRIS_AT_EDGE", "Centre your eye in the frame."),
        at_least("grey_scale_utilisation", entropy, q.min_grey_bits, "GREY_SCALE_LOW",
                  "The image is under- or over-exposed: stay at the marked distance."),
        at_least("sharpness", sharpness, q.min_sharpness, "BLUR", "Hold still, at the marked distance."),
        at_least("iris_diameter", 2.0 * s.r, q.min_iris_diameter, "IRIS_TOO_SMALL", "Move closer to the camera."),
    )
    return IrisQuality(profile=q.name, criteria=crits)
