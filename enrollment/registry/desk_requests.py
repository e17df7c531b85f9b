"""How a desk signs its requests to the registry, so that the registry knows which desk asks.

Every request but the health check carries four headers:

    X-Egate-Desk-Cert   the desk certificate (DER, base64) — the registry trusts it only if the
                        enrolment CA issued it for signing and has not revoked it
    X-Egate-Time        the desk's clock, POSIX seconds (the registry accepts ±5 minutes)
    X-Egate-Nonce       16 random bytes, hex (the registry refuses one it has seen within the window)
    X-Egate-Signature   ECDSA P-256 / SHA-256 (base64 DER) over :func:`canonical_request`

The signed text binds the method, the path, the time, the nonce and the SHA-256 of the body, so a
captured request cannot be replayed, re-targeted at another application, or given another body.
Why not mTLS: the desk already holds a key and certificate of the enrolment PKI; signing with it
needs no TLS termination that passes client certificates through, and works through any proxy.
TLS (for confidentiality of the status answers) is still the deployment's job.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from datetime import datetime

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.desk.packet_seal import DeskSigner

DESK_CERT, TIME, NONCE, SIGNATURE = "x-egate-desk-cert", "x-egate-time", "x-egate-nonce", "x-egate-signature"
CONTEXT = b"EGATE-DESK-REQUEST-V1"


def canonical_request(method: str, path: str, timestamp: str, nonce: str, body: bytes) -> bytes:
    """The exact bytes a desk signs: context, method, path, time, nonce and the body's SHA-256, one a line."""
    return b"\n".join((CONTEXT, method.upper().encode(), path.encode(), timestamp.encode(), nonce.encode(),
                       hashlib.sha256(body).hexdigest().encode()))


def sign_request(signer: DeskSigner, method: str, path: str, body: bytes, now: datetime,
                 nonce: str | None = None) -> dict[str, str]:
    """The headers that authenticate one request of this desk."""
    if not isinstance(signer.key, ec.EllipticCurvePrivateKey):
        raise ValueError("a desk signs its requests with an EC key")
    timestamp, nonce = str(int(now.timestamp())), nonce or secrets.token_hex(16)
    signature = signer.key.sign(canonical_request(method, path, timestamp, nonce, body), ec.ECDSA(hashes.SHA256()))
    cert = signer.certificate.public_bytes(serialization.Encoding.DER)
    return {DESK_CERT: base64.b64encode(cert).decode("ascii"), TIME: timestamp, NONCE: nonce,
            SIGNATURE: base64.b64encode(signature).decode("ascii")}
