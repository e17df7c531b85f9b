"""Fingerprint errors. Each is a :class:`matcher.errors.FingerprintError` and, where one exists, also the
generic matcher error of the same meaning, so callers can catch either::

    FingerprintError
    ├── FingerImageError              the image cannot give a template
    │   ├── BlankImageError           no contrast at all (also ImageError)
    │   ├── FingerImageTooSmallError  below the minimum size at 500 ppi (also ImageTooSmallError)
    │   ├── FingerImageTooLargeError  above the pixel budget (also ImageTooLargeError)
    │   ├── FingerImageDecodeError    unreadable bytes (also ImageDecodeError)
    │   └── NotAFingerprintError      an image, but no ridge pattern in it
    ├── TooFewMinutiaeError           a template with too few minutiae to compare
    └── FingerTemplateError           a minutiae record that cannot be true (also TemplateFormatError)
        └── ImpossibleMinutiaError    count or coordinates outside what the record allows
"""

from __future__ import annotations

from matcher.errors import (
    FingerprintError,
    ImageDecodeError,
    ImageError,
    ImageTooLargeError,
    ImageTooSmallError,
    TemplateFormatError,
)


class FingerImageError(FingerprintError, ImageError):
    code = "FINGER_IMAGE"


class BlankImageError(FingerImageError):
    code = "FINGER_IMAGE_BLANK"


class FingerImageTooSmallError(FingerImageError, ImageTooSmallError):
    code = "FINGER_IMAGE_TOO_SMALL"


class FingerImageTooLargeError(FingerImageError, ImageTooLargeError):
    code = "FINGER_IMAGE_TOO_LARGE"


class FingerImageDecodeError(FingerImageError, ImageDecodeError):
    code = "FINGER_IMAGE_UNREADABLE"


class NotAFingerprintError(FingerImageError):
    code = "NOT_A_FINGERPRINT"

    def __init__(self, message: str, *, ridge_fraction: float, stage: str | None = "image") -> None:
        super().__init__(message, stage=stage)
        self.ridge_fraction = ridge_fraction


class TooFewMinutiaeError(FingerprintError):
    code = "FINGER_TOO_FEW_MINUTIAE"

    def __init__(self, message: str, *, count: int, stage: str | None = "extract") -> None:
        super().__init__(message, stage=stage)
        self.count = count


class FingerTemplateError(FingerprintError, TemplateFormatError):
    code = "FINGER_TEMPLATE"


class ImpossibleMinutiaError(FingerTemplateError):
    code = "FINGER_TEMPLATE_IMPOSSIBLE"
