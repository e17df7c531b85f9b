"""An officer's reason for a decision: a code from a fixed list, plus free text kept outside the chain.

The signed audit chain can never be edited, so personal data typed into a free-text reason would stay
there for good. The chain therefore holds the reason *code* and a keyed HMAC-SHA256 of the text (key: the
gate's document-pseudonym key, with its own domain prefix): whoever holds the key can show that a given
text is the one the officer wrote, nobody can read it from the chain, and erasing the text from the
referral (on a data subject's request) leaves every record — and the chain — intact.
"""

from __future__ import annotations

import hashlib
import hmac
import unicodedata
from typing import Literal

OfficerReasonCode = Literal[
    "IDENTITY_CONFIRMED",  # the officer confirmed the traveller is the document holder
    "DOCUMENT_CHECKED_MANUALLY",  # the document was inspected by hand and found genuine
    "BIOMETRIC_MISMATCH",  # the traveller is not the holder
    "DOCUMENT_SUSPECT",  # the document looks forged, altered or misused
    "STOP_LIST_CONFIRMED",  # the stop-list hit was confirmed
    "TECHNICAL_FAULT",  # the gate failed, not the traveller
    "OTHER",
]
OFFICER_REASON_CODES: tuple[str, ...] = OfficerReasonCode.__args__  # type: ignore[attr-defined]

_DOMAIN = b"egate/officer-reason/v1\x00"


def reason_hmac(key: bytes, text: str) -> str:
    """The keyed digest of an officer's free text that the audit chain keeps instead of the text."""
    normalised = unicodedata.normalize("NFC", text.strip())
    return hmac.new(key, _DOMAIN + normalised.encode("utf-8"), hashlib.sha256).hexdigest()
