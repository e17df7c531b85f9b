"""Checking a certificate against the enrolment CA: chain, validity, revocation, key usage.

The chain is one level (CA → end entity), so it is checked directly: the issuing CA is found by
name, ``verify_directly_issued_by`` (cryptography) checks the signature and the names, and the rest
is explicit policy here. The registry uses it for desk certificates, a desk for the registry's.

Revocation: a CRL of the CA (signed by it) that lists the certificate refuses it, stale or not. When the
CA's CRLs held are all past their next update (or not yet issued) at the latest time checked, revocation
status is unknown and the certificate is refused too — fail-secure, as Passive Authentication treats a
stale CSCA CRL. A CA without any CRL here is not checked for revocation. ``egate desk pki crl`` publishes
the next CRL; :class:`~enrollment.registry.crl_file.CrlFile` reads it again while the process runs and,
where the CA key is, renews it before it is due.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Protocol

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm


class Problem(Enum):
    UNTRUSTED = "untrusted"
    EXPIRED = "expired"
    REVOKED = "revoked"
    REVOCATION_UNKNOWN = "revocation_unknown"  # the CA has CRLs here, but none is current


class CertificateRefused(Exception):
    def __init__(self, problem: Problem, message: str) -> None:
        super().__init__(message)
        self.problem = problem


class CrlSource(Protocol):
    def crls(self, at: datetime) -> tuple[x509.CertificateRevocationList, ...]: ...


@dataclass(frozen=True)
class EnrolmentTrust:
    """Trusted enrolment CAs and their CRLs (each CRL is checked against its CA when used): ``crls`` as
    given, or read from ``source`` at each check (a CRL file republished while the process runs)."""

    cas: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = ()
    source: CrlSource | None = None

    def crls_at(self, at: datetime) -> tuple[x509.CertificateRevocationList, ...]:
        return self.source.crls(at) if self.source is not None else self.crls


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


def crl_signed_by(crl: x509.CertificateRevocationList, ca: x509.Certificate) -> bool:
    if crl.issuer != ca.subject:
        return False
    try:
        return bool(crl.is_signature_valid(ca.public_key()))  # type: ignore[arg-type]
    except (TypeError, UnsupportedAlgorithm):
        return False


def crl_current(crl: x509.CertificateRevocationList, at: datetime) -> bool:
    """Issued by ``at`` and not yet past its next update (a CRL naming none stays current)."""
    moment = at.astimezone(UTC)
    return crl.last_update_utc <= moment and (crl.next_update_utc is None or moment <= crl.next_update_utc)


def _revocation(cert: x509.Certificate, ca: x509.Certificate, crls: Iterable[x509.CertificateRevocationList],
                at: datetime) -> Problem | None:
    own = [crl for crl in crls if crl_signed_by(crl, ca)]
    if any(crl.get_revoked_certificate_by_serial_number(cert.serial_number) is not None for crl in own):
        return Problem.REVOKED
    if own and not any(crl_current(crl, at) for crl in own):
        return Problem.REVOCATION_UNKNOWN
    return None


def _valid_at(cert: x509.Certificate, at: datetime) -> bool:
    return cert.not_valid_before_utc <= at.astimezone(UTC) <= cert.not_valid_after_utc


def check_certificate(cert: x509.Certificate, trust: EnrolmentTrust, usage: str, at: Iterable[datetime]) -> None:
    """Raise :class:`CertificateRefused` unless ``cert`` chains to a trusted CA, allows ``usage``
    ("signature" or "key_agreement"), is valid (and its CA too) at every time in ``at``, and is not revoked
    according to a CRL of its CA that is current at the latest time in ``at``."""
    moments = tuple(at)
    if not moments or any(m.tzinfo is None for m in moments):
        raise ValueError("check_certificate needs at least one time, each with its time zone")
    ca = _issuer(cert, trust)
    if ca is None:
        raise CertificateRefused(Problem.UNTRUSTED, "the certificate is not issued by a trusted enrolment CA")
    if not _usage_allows(cert, usage):
        raise CertificateRefused(Problem.UNTRUSTED, f"the certificate's key usage does not allow {usage}")
    for moment in moments:
        if not (_valid_at(cert, moment) and _valid_at(ca, moment)):
            raise CertificateRefused(Problem.EXPIRED, "the certificate or its CA is not valid at the time checked")
    latest = max(moments)
    problem = _revocation(cert, ca, trust.crls_at(latest), latest)
    if problem is Problem.REVOKED:
        raise CertificateRefused(problem, "the certificate is revoked by its CA")
    if problem is Problem.REVOCATION_UNKNOWN:
        raise CertificateRefused(problem, "revocation status unknown: no CRL of the CA is current "
                                          "(past its next update, or not yet issued); publish the next CRL")
