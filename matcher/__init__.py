"""The matching core: arrays and bytes in, frozen results out — no files, sockets, settings or clocks.

Modalities are subpackages with their own small public API: :mod:`matcher.face`, :mod:`matcher.finger`,
:mod:`matcher.iris`; 1:N search is :mod:`matcher.search`; the evaluation protocols (LFW, FVC, CASIA-Iris,
DET / EER / FNMR at FMR) are :mod:`matcher.evaluation`. What every modality shares is exported here:
the versioned template, the score ↔ FMR calibration and the 1:1 comparison it yields, image decoding,
and the one exception tree::

    MatcherError
     ├─ ImageError ─ ImageDecodeError, ImageTooSmallError, ImageTooLargeError
     ├─ FaceCountError ─ NoFaceError, MultipleFacesError
     ├─ TemplateError ─ TemplateFormatError, TemplateMismatchError
     ├─ CalibrationError, ModelError
     ├─ FingerprintError (matcher.finger.errors)
     └─ IrisError (matcher.iris.errors)

Matchers return scores; the caller decides against the threshold calibrated for its FMR target
(:meth:`Calibration.compare`), and the :class:`Comparison` carries score, threshold and target for the audit.
"""

from matcher.errors import (
    CalibrationError,
    FaceCountError,
    FingerprintError,
    ImageDecodeError,
    ImageError,
    ImageTooLargeError,
    ImageTooSmallError,
    MatcherError,
    ModelError,
    MultipleFacesError,
    NoFaceError,
    TemplateError,
    TemplateFormatError,
    TemplateMismatchError,
)
from matcher.image import DecodedImage, decode_image, encode_jpeg
from matcher.templates import Template, decode_template, encode_template
from matcher.thresholds import Calibration, Comparison

__all__ = [
    "Calibration",
    "CalibrationError",
    "Comparison",
    "DecodedImage",
    "FaceCountError",
    "FingerprintError",
    "ImageDecodeError",
    "ImageError",
    "ImageTooLargeError",
    "ImageTooSmallError",
    "MatcherError",
    "ModelError",
    "MultipleFacesError",
    "NoFaceError",
    "Template",
    "TemplateError",
    "TemplateFormatError",
    "TemplateMismatchError",
    "decode_image",
    "decode_template",
    "encode_jpeg",
    "encode_template",
]
