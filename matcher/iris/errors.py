"""Iris errors. Each is an :class:`IrisError` (a :class:`matcher.errors.MatcherError`) and, where one exists,
also the generic matcher error of the same meaning, so callers can catch either::

    IrisError
    ├── IrisImageError                the input cannot be an iris image
    │   ├── IrisImageTypeError        wrong dtype or shape, or a colour picture (also ImageError)
    │   ├── IrisImageDecodeError      unreadable bytes (also ImageDecodeError)
    │   ├── IrisImageTooSmallError    below the minimum size (also ImageTooSmallError)
    │   ├── IrisImageTooLargeError    above the size limit (also ImageTooLargeError)
    │   └── BlankIrisImageError       no contrast at all
    ├── IrisNotFoundError             no pupil or no limbus where one must be
    ├── IrisOccludedError             too little iris left visible to encode
    └── IrisTemplateError             an iris code that cannot be true (also TemplateFormatError)
"""

from __future__ import annotations

from matcher.errors import (
    ImageDecodeError,
    ImageError,
    ImageTooLargeError,
    ImageTooSmallError,
    MatcherError,
    TemplateFormatError,
)


class IrisError(MatcherError):
    code = "IRIS"


class IrisImageError(IrisError, ImageError):
    code = "IRIS_IMAGE"


class IrisImageTypeError(IrisImageError):
    code = "IRIS_IMAGE_TYPE"


class IrisImageDecodeError(IrisImageError, ImageDecodeError):
    code = "IRIS_IMAGE_UNREADABLE"


class IrisImageTooSmallError(IrisImageError, ImageTooSmallError):
    code = "IRIS_IMAGE_TOO_SMALL"


class IrisImageTooLargeError(IrisImageError, ImageTooLargeError):
    code = "IRIS_IMAGE_TOO_LARGE"


class BlankIrisImageError(IrisImageError):
    code = "IRIS_IMAGE_BLANK"


class IrisNotFoundError(IrisError):
    """``stage`` says which boundary was missing: "pupil" or "limbus"."""

    code = "IRIS_NOT_FOUND"


class IrisOccludedError(IrisError):
    code = "IRIS_OCCLUDED"

    def __init__(self, message: str, *, usable_fraction: float, stage: str | None = "encode") -> None:
        super().__init__(message, stage=stage)
        self.usable_fraction = usable_fraction


class IrisTemplateError(IrisError, TemplateFormatError):
    code = "IRIS_TEMPLATE"
