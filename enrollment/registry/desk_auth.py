"""The registry's check of a desk's signed request (:mod:`enrollment.registry.desk_requests`).

A request is the desk's when its certificate chains to the enrolment CA with the signature usage, is
valid now and not revoked, names a desk (its common name), and signs the canonical request; its time
is within ``window`` of the registry's clock and its nonce has not been seen within that window.
The nonces are remembered in a :class:`~enrollment.registry.nonces.SeenNonces` store: the registry's
database by default, so a restart does not open a replay window.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Mapping
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.registry.desk_requests import DESK_CERT, NONCE, SIGNATURE, TIME, canonical_request
from enrollment.registry.enrolment_pki import desk_id_of
from enrollment.registry.enrolment_trust import CertificateRefused, EnrolmentTrust, check_certificate
from enrollment.registry.errors import RegistryError
from enrollment.registry.nonces import MemoryNonces, NonceFlood, SeenNonces

_NONCE = re.compile(r"[0-9a-f]{32}")


class DeskAuthError(RegistryError):
    """The request is not a trusted desk's (401)."""

    code = "DESK_AUTH_INVALID"


class DeskAuthMissing(DeskAuthError):
    code = "DESK_AUTH_REQUIRED"


class DeskAuthStale(DeskAuthError):
    code = "DESK_AUTH_STALE"


class DeskAuthReplayed(DeskAuthError):
    code = "DESK_AUTH_REPLAYED"


class DeskAuthenticator:
    def __init__(self, trust: EnrolmentTrust, window: timedelta = timedelta(minutes=5),
                 nonces: SeenNonces | None = None) -> None:
        self._trust, self._window = trust, window
        self._nonces = nonces if nonces is not None else MemoryNonces()

    def verify(self, method: str, path: str, headers: Mapping[str, str], body: bytes, now: datetime) -> str:
        """The authenticated desk id; :class:`DeskAuthError` (typed) otherwise."""
        values = [headers.get(name) for name in (DESK_CERT, TIME, NONCE, SIGNATURE)]
        if any(v is None for v in values):
            raise DeskAuthMissing("sign the request with the desk key")
        cert_b64, timestamp, nonce, signature_b64 = (str(v) for v in values)
        if not timestamp.isdigit() or not _NONCE.fullmatch(nonce):
            raise DeskAuthError("a malformed time or nonce")
        if abs(now.timestamp() - int(timestamp)) > self._window.total_seconds():
            raise DeskAuthStale("the request's time is too far from the registry's clock")
        try:
            cert = x509.load_der_x509_certificate(base64.b64decode(cert_b64, validate=True))
            signature = base64.b64decode(signature_b64, validate=True)
        except (ValueError, binascii.Error):
            raise DeskAuthError("an unreadable certificate or signature") from None
        public = cert.public_key()
        if not isinstance(public, ec.EllipticCurvePublicKey):
            raise DeskAuthError("a desk certificate carries an EC key")
        try:  # the signature first: a request nobody signed never reaches the CRL (whose check may renew it)
            public.verify(signature, canonical_request(method, path, timestamp, nonce, body), ec.ECDSA(hashes.SHA256()))
        except InvalidSignature:
            raise DeskAuthError("the signature does not verify") from None
        desk_id = self._trusted_desk(cert, now)
        self._remember(nonce, now)
        return desk_id

    def _trusted_desk(self, cert: x509.Certificate, now: datetime) -> str:
        try:
            check_certificate(cert, self._trust, "signature", [now])
        except CertificateRefused as exc:
            raise DeskAuthError(f"the desk certificate is refused: {exc}") from None
        desk_id = desk_id_of(cert)
        if not desk_id:
            raise DeskAuthError("the certificate names no desk")
        return desk_id

    def _remember(self, nonce: str, now: datetime) -> None:
        moment = now.timestamp()
        try:
            fresh = self._nonces.claim(nonce, moment, moment + 2 * self._window.total_seconds())
        except NonceFlood:
            raise DeskAuthStale("too many requests within the replay window") from None
        if not fresh:
            raise DeskAuthReplayed("this request was already received")
