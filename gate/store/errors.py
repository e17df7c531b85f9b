"""The store's exception tree::

    StoreError
    ├── NotFoundError              no gate, officer, transaction, referral or capture with that id
    ├── ConflictError              a unique name is taken, or a referral is already decided
    ├── DatabaseUnavailable        the database cannot be reached or refused the operation (retry later)
    ├── DatabaseUrlError           the configured database URL is malformed or names no installed driver
    └── CaptureError               the encrypted capture vault
        ├── CaptureKeyError        no capture key, or not 32 bytes of base64
        ├── CaptureNotAllowedError only referred transactions may keep captures
        └── CaptureDecryptError    wrong key, or the blob (or its transaction binding) was tampered with

Operational database errors (``sqlalchemy.exc.OperationalError``, ``InterfaceError``: connection refused,
server gone, disk I/O) become :class:`DatabaseUnavailable` in the engine (:mod:`gate.store.db`); other
driver errors (integrity, programming) are not wrapped.
"""

from __future__ import annotations


class StoreError(Exception):
    """Base of every store error. ``code`` is a stable reason code."""

    code = "STORE_ERROR"


class NotFoundError(StoreError):
    code = "NOT_FOUND"


class ConflictError(StoreError):
    code = "CONFLICT"


class DatabaseUnavailable(StoreError):
    code = "DATABASE_UNAVAILABLE"


class DatabaseUrlError(StoreError):
    code = "DATABASE_URL"


class CaptureError(StoreError):
    code = "CAPTURE_ERROR"


class CaptureKeyError(CaptureError):
    code = "CAPTURE_KEY"


class CaptureNotAllowedError(CaptureError):
    code = "CAPTURE_NOT_ALLOWED"


class CaptureDecryptError(CaptureError):
    code = "CAPTURE_DECRYPT"
