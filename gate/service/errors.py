"""The service layer's exception tree (mapped to HTTP by :mod:`gate.api.errors`)::

    ServiceError
    ├── UploadTooLarge         a file, or the number of files, over the configured limit
    ├── UnsupportedUpload      not a JPEG or PNG frame
    ├── InvalidUpload          a malformed card file or a frame that does not decode
    ├── InvalidRequest         a value the service refuses (FMR target, weak password)
    ├── NotAwaitingFrames      the transaction is decided, busy with another request, or expired
    ├── SecondLineOnly         a referral handed to second line is decided by a second-line officer
    └── FrameDecodeBusy        an oversized frame got no spare CPU in time: 503, the kiosk may retry

Store errors (:class:`gate.store.NotFoundError`, :class:`gate.store.ConflictError`) pass through.
"""

from __future__ import annotations


class ServiceError(Exception):
    code = "SERVICE_ERROR"


class UploadTooLarge(ServiceError):
    code = "UPLOAD_TOO_LARGE"


class UnsupportedUpload(ServiceError):
    code = "UNSUPPORTED_MEDIA_TYPE"


class InvalidUpload(ServiceError):
    code = "INVALID_UPLOAD"


class InvalidRequest(ServiceError):
    code = "INVALID_REQUEST"


class NotAwaitingFrames(ServiceError):
    code = "NOT_AWAITING_FRAMES"


class SecondLineOnly(ServiceError):
    code = "SECOND_LINE_ONLY"


class FrameDecodeBusy(ServiceError):
    """An oversized frame found no spare CPU in time (or its gate already has one decoding): try again."""

    code = "FRAME_DECODE_BUSY"
