"""Iris 1:1 and 1:N matching: a row of small stages, pure (bytes and arrays in, frozen results out).

    IrisImage         image.decode_image / from_array   grey NIR image, checked (type, blank, size)
    Circle (pupil)    pupil.find_pupil                  darkest round blob, integro-differential, disc.fit_disc
    Circle (iris)     limbus.find_limbus                median-over-rays integro-differential operator
    Eyelid, noise     occlusion                         parabolic lids, eyelash and reflection pixels
    NormalisedIris    normalise.rubber_sheet            Daugman's rubber sheet with its validity mask
    IrisCode          encode.encode                     1-D log-Gabor phase, 2 bits per sample, with mask
    IrisComparison    compare.compare                   fractional HD over barrel shifts, Daugman-normalised
    IrisQuality       quality.assess_quality            ISO/IEC 29794-6-style measures and guidance
    search            search.*                          packed XOR/popcount 1:N search and de-duplication

:mod:`matcher.iris.pipeline` runs the stages in order. Constants live in :mod:`matcher.iris.params`;
errors in :mod:`matcher.iris.errors`.
"""

from __future__ import annotations

from matcher.iris.compare import IrisComparison, compare
from matcher.iris.encode import encode
from matcher.iris.errors import (
    BlankIrisImageError,
    IrisError,
    IrisImageError,
    IrisImageTypeError,
    IrisNotFoundError,
    IrisOccludedError,
    IrisTemplateError,
)
from matcher.iris.image import decode_image, from_array
from matcher.iris.normalise import rubber_sheet
from matcher.iris.params import MODEL_ID
from matcher.iris.pipeline import IrisTemplate, encode_image, process
from matcher.iris.quality import ISO_29794_6, IrisQuality, IrisQualityProfile, assess_quality
from matcher.iris.search import Candidate, IrisGallery, build_gallery, duplicates, search
from matcher.iris.segment import segment
from matcher.iris.template import decode_code, encode_code
from matcher.iris.types import Circle, Eyelid, IrisCode, IrisImage, NormalisedIris, Segmentation

__all__ = [
    "ISO_29794_6",
    "MODEL_ID",
    "BlankIrisImageError",
    "Candidate",
    "Circle",
    "Eyelid",
    "IrisCode",
    "IrisComparison",
    "IrisError",
    "IrisGallery",
    "IrisImage",
    "IrisImageError",
    "IrisImageTypeError",
    "IrisNotFoundError",
    "IrisOccludedError",
    "IrisQuality",
    "IrisQualityProfile",
    "IrisTemplate",
    "IrisTemplateError",
    "NormalisedIris",
    "Segmentation",
    "assess_quality",
    "build_gallery",
    "compare",
    "decode_code",
    "decode_image",
    "duplicates",
    "encode",
    "encode_code",
    "encode_image",
    "from_array",
    "process",
    "rubber_sheet",
    "search",
    "segment",
]
