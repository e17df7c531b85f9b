"""Checking a certificate against the enrolment CA: chain, validity, revocation, key usage.

The chain is one level (CA → end entity), so it is checked directly: the issuing CA is found by
name, ``verify_directly_issued_by`` (cryptography) checks the signature and the names, and the rest
is explicit policy here. The registry uses it for desk certificates, a desk for the registry's. A CRL of
the CA (signed by it) that lists a certificate revokes it; ``egate desk pki crl`` publishes the next one.
Whether a CRL is still current (its next update) is not checked: see docs/registry/README.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm


class Problem(Enum):
    UNTRUSTED = "untrusted"
    EXPIRED = "expired"
    REVOKED = "revoked"


class CertificateRefused(Exception):
    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


@dataclass(frozen=True)
class EnrolmentTrust:
    """Trusted enrolment CAs and their CRLs (each CRL is checked against its CA when used)."""

    cas: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = ()


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _issuer(cert: x509.Certificate, trust: EnrolmentTrust) -> x509.Certificate | None:
    for ca in trust.cas:
        if ca.subject != cert.issuer or not _is_ca(ca):
            continue
        try:
            cert.verify_directly_issued_by(ca)
        except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
            continue
        return ca
    return None


def _usage_allows(cert: x509.Certificate, usage: str) -> bool:
    try:
        key_usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        return False
    if usage == "signature":
        return bool(key_usage.digital_signature) and not key_usage.key_cert_sign
    return bool(key_usage.key_agreement) and not key_usage.key_cert_sign


def _revoked(cert: x509.Certificate, ca: x509.Certificate, crls: Iterable[x509.CertificateRevocationList]) -> bool:
    for crl in crls:
        if crl.issuer != ca.subject:
            continue
        try:
            if not crl.is_signature_valid(ca.public_key()):  # type: ignore[arg-type]
                continue
        except (TypeError, UnsupportedAlgorithm):
            continue
        if crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None:
            return True
    return False


def _valid_at(cert: x509.Certificate, at: datetime) -> bool:
    return cert.not_valid_before_utc <= at.astimezone(UTC) <= cert.not_valid_after_utc


def check_certificate(cert: x509.Certificate, trust: EnrolmentTrust, usage: str, at: Iterable[datetime]) -> None:
    """Raise :class:`CertificateRefused` unless ``cert`` chains to a trusted CA, allows ``usage``
    ("signature" or "key_agreement"), is valid (and its CA too) at every time in ``at``, and is not revoked."""
    ca = _issuer(cert, trust)
    if ca is None:
        raise CertificateRefused(Problem.UNTRUSTED, "the certificate is not issued by a trusted enrolment CA")
    if not _usage_allows(cert, usage):
        raise CertificateRefused(Problem.UNTRUSTED, f"the certificate's key usage does not allow {usage}")
    for moment in at:
        if not (_valid_at(cert, moment) and _valid_at(ca, moment)):
            raise CertificateRefused(Problem.EXPIRED, "the certificate or its CA is not valid at the time checked")
    if _revoked(cert, ca, trust.crls):
        raise CertificateRefused(Problem.REVOKED, "the certificate is revoked by its CA")
