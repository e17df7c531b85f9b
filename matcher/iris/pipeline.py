"""The iris pipeline, stage by stage: bytes or array → image → segmentation → rubber sheet → iris code.

    image.decode_image / from_array   checked grey image (wrong type, blank, too small refused)
    segment.segment                   pupil, limbus, eyelids, lash/reflection mask
    normalise.rubber_sheet            Daugman's rubber sheet and its validity mask
    encode.encode                     1-D log-Gabor phase code with its mask
    quality.assess_quality            ISO/IEC 29794-6-style measures (optional)
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matcher.iris.encode import encode
from matcher.iris.image import decode_image, from_array
from matcher.iris.normalise import rubber_sheet
from matcher.iris.quality import IrisQuality, assess_quality
from matcher.iris.segment import segment
from matcher.iris.types import IrisCode, IrisImage, NormalisedIris, Segmentation


@dataclass(frozen=True)
class IrisTemplate:
    code: IrisCode
    segmentation: Segmentation
    normalised: NormalisedIris
    quality: IrisQuality | None


def load(image: bytes | np.ndarray) -> IrisImage:
    return decode_image(image) if isinstance(image, bytes | bytearray | memoryview) else from_array(image)


def process(image: bytes | np.ndarray, *, with_quality: bool = True) -> IrisTemplate:
    """Every stage in order; raises the :mod:`matcher.iris.errors` error of the first stage that fails."""
    img = load(image)
    seg = segment(img)
    norm = rubber_sheet(img.pixels, seg)
    code = encode(norm)
    quality = assess_quality(img, seg, norm) if with_quality else None
    return IrisTemplate(code=code, segmentation=seg, normalised=norm, quality=quality)


def encode_image(image: bytes | np.ndarray) -> IrisCode:
    """Only the iris code (no quality measures): what enrolment and the gate store and compare."""
    img = load(image)
    seg = segment(img)
    return encode(rubber_sheet(img.pixels, seg))
