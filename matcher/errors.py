"""The matcher's exception tree. Every error a caller can act on is one of these::

    MatcherError
    ├── ImageError                 the input is not a usable image
    │   ├── ImageDecodeError       unreadable, truncated, not an image
    │   ├── ImageTooSmallError     below the minimum size for the stage
    │   └── ImageTooLargeError     above the pixel budget (memory stays bounded)
    ├── FaceCountError             the 1:1 pipeline needs exactly one face
    │   ├── NoFaceError
    │   └── MultipleFacesError
    ├── TemplateError              a stored template cannot be used
    │   ├── TemplateFormatError    bad magic, truncated, checksum mismatch
    │   └── TemplateMismatchError  template of another model, version or dimension
    ├── CalibrationError           no calibration for this model, or a malformed one
    ├── ModelError                 a model file is missing, corrupt or fails its checksum
    └── FingerprintError           fingerprint-specific failures (see ``matcher.finger``)

Errors carry the stage that raised them so that the audit can record a reason code.
"""

from __future__ import annotations


class MatcherError(Exception):
    """Base of every matcher error. ``code`` is a stable reason code for audit records."""

    code = "MATCHER_ERROR"

    def __init__(self, message: str, *, stage: str | None = None) -> None:
        super().__init__(message)
        self.stage = stage


class ImageError(MatcherError):
    code = "IMAGE_INVALID"


class ImageDecodeError(ImageError):
    code = "IMAGE_UNREADABLE"


class ImageTooSmallError(ImageError):
    code = "IMAGE_TOO_SMALL"


class ImageTooLargeError(ImageError):
    code = "IMAGE_TOO_LARGE"


class FaceCountError(MatcherError):
    code = "FACE_COUNT"

    def __init__(self, message: str, *, count: int, stage: str | None = "detect") -> None:
        super().__init__(message, stage=stage)
        self.count = count


class NoFaceError(FaceCountError):
    code = "NO_FACE"


class MultipleFacesError(FaceCountError):
    code = "MULTIPLE_FACES"


class TemplateError(MatcherError):
    code = "TEMPLATE_INVALID"


class TemplateFormatError(TemplateError):
    code = "TEMPLATE_FORMAT"


class TemplateMismatchError(TemplateError):
    code = "TEMPLATE_MISMATCH"


class CalibrationError(MatcherError):
    code = "CALIBRATION"


class ModelError(MatcherError):
    code = "MODEL"


class FingerprintError(MatcherError):
    code = "FINGERPRINT"
