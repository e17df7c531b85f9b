"""Inspection of an ICAO 9303 document at the gate: read over a transport, then verify.

Public API for the gate controller::

    result = inspect_document(transport, AccessKey(number, birth, expiry), trust_store, at=now)
    result.report.passed          # True only when every performed check passed
    result.document.face_image    # JPEG bytes from DG2 (None if unread)

``TrustStore`` comes from :func:`load_trust_store` (a directory of CSCA certificates and CRLs).
"""

from __future__ import annotations

from enrollment.icao.checks import Check, CheckStatus
from enrollment.icao.inspection.inspect import inspect_document
from enrollment.icao.inspection.report import ChipIrisImage, DecodedDocument, InspectionReport, InspectionResult
from enrollment.icao.inspection.transport import AccessKey, CanKey, CardTransport, ChipKey
from enrollment.icao.pki.trust_store import TrustStore, load_trust_store

__all__ = [
    "AccessKey",
    "CanKey",
    "CardTransport",
    "Check",
    "CheckStatus",
    "ChipIrisImage",
    "ChipKey",
    "DecodedDocument",
    "InspectionReport",
    "InspectionResult",
    "TrustStore",
    "inspect_document",
    "load_trust_store",
]
