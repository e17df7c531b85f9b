"""The inspection system's trust anchors: a directory of CSCA certificates and CRLs (a master-list folder).

Files ending ``.pem``/``.crt``/``.cer``/``.der`` are read as certificates (PEM or DER), ``.crl`` as CRLs.
A certificate that is not a CA is ignored, so a directory holding other material cannot add an anchor.
Optionally the store carries the terminal key used for the simplified Extended Access Control that
guards DG3 (see :mod:`enrollment.icao.card`); without it DG3 is not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.errors import PkiError
from enrollment.icao.pki.keys import load_private_pem

_CERT_SUFFIXES = {".pem", ".crt", ".cer", ".der"}


@dataclass(frozen=True)
class TrustStore:
    cscas: tuple[x509.Certificate, ...]
    crls: tuple[x509.CertificateRevocationList, ...] = ()
    terminal_key: ec.EllipticCurvePrivateKey | None = None


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _load_cert(data: bytes) -> x509.Certificate:
    if b"-----BEGIN CERTIFICATE-----" in data:
        return x509.load_pem_x509_certificate(data)
    return x509.load_der_x509_certificate(data)


def _load_crl(data: bytes) -> x509.CertificateRevocationList:
    if b"-----BEGIN X509 CRL-----" in data:
        return x509.load_pem_x509_crl(data)
    return x509.load_der_x509_crl(data)


def load_trust_store(directory: Path, terminal_key_file: Path | None = None) -> TrustStore:
    """Read every CSCA certificate and CRL in ``directory`` (not recursive); private keys are skipped."""
    if not directory.is_dir():
        raise PkiError(f"trust store {directory} is not a directory")
    cscas: list[x509.Certificate] = []
    crls: list[x509.CertificateRevocationList] = []
    for path in sorted(directory.iterdir()):
        data = path.read_bytes() if path.is_file() else b""
        try:
            if path.suffix == ".crl":
                crls.append(_load_crl(data))
            elif path.suffix in _CERT_SUFFIXES and b"PRIVATE KEY" not in data:
                cert = _load_cert(data)
                if _is_ca(cert):
                    cscas.append(cert)
        except (ValueError, x509.InvalidVersion, UnsupportedAlgorithm) as exc:
            raise PkiError(f"unreadable trust-store file {path.name}: {exc}") from exc
    if not cscas:
        raise PkiError(f"trust store {directory} holds no CSCA certificate")
    terminal = None
    if terminal_key_file is not None:
        key = load_private_pem(terminal_key_file.read_bytes())
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise PkiError("the terminal key must be an EC key")
        terminal = key
    return TrustStore(tuple(cscas), tuple(crls), terminal)
