"""A simplified Terminal Authentication guarding DG3, standing in for Extended Access Control.

Real EAC (BSI TR-03110) runs Chip Authentication, then Terminal Authentication with a chain of card
verifiable certificates (CVCA → DV → IS) whose role and access rights the chip checks. Here the chip
stores one terminal-authority public key (ECDSA) at personalisation; after BAC the inspection system
proves possession of the matching private key by signing ``ID_PICC ‖ RND.IC`` (document number and a
fresh GET CHALLENGE) in the TR-03111 plain format, sent with EXTERNAL AUTHENTICATE inside secure
messaging. No CV certificates, no validity dates, no Chip Authentication: the simplification is that
the access right is a single key, not a certificate chain.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.errors import AuthenticationError
from enrollment.icao.protocol import active_auth

_DOMAIN = b"eGate simplified TA v1|"


def message(document_number: str, challenge: bytes) -> bytes:
    return _DOMAIN + document_number.encode("ascii") + b"|" + challenge


def sign(key: ec.EllipticCurvePrivateKey, document_number: str, challenge: bytes) -> bytes:
    return active_auth.sign(key, message(document_number, challenge))


def verify(key: ec.EllipticCurvePublicKey, document_number: str, challenge: bytes, signature: bytes) -> bool:
    try:
        active_auth.verify(key, message(document_number, challenge), signature)
    except AuthenticationError:
        return False
    return True
