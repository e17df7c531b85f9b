"""A country PKI on disk, as written by ``egate pki init DIR``::

    DIR/csca/csca-cert.pem  csca-key.pem      the root (keep the key offline in real life)
    DIR/ds/ds-cert.pem      ds-key.pem        the Document Signer used by ``egate card issue``
    DIR/trust-store/csca.pem  csca.crl        what inspection systems receive (master-list folder)
    DIR/terminal/terminal-key.pem             inspection-system key for the simplified EAC (DG3)
    DIR/terminal/terminal-authority.pem       its public key, written into chips at issuance

Private keys are written with mode 0600. Never commit such a directory.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.errors import PkiError
from enrollment.icao.lds.countries import alpha2
from enrollment.icao.pki import issuance
from enrollment.icao.pki.keys import Algorithm, PrivateKey, generate_key, load_private_pem, private_pem, public_pem


@dataclass(frozen=True)
class Issuer:
    """What personalisation needs from the PKI."""

    ds_certificate: x509.Certificate
    ds_key: PrivateKey
    terminal_authority: ec.EllipticCurvePublicKey | None = None


@dataclass(frozen=True)
class PkiLayout:
    root: Path

    @property
    def csca_cert(self) -> Path:
        return self.root / "csca" / "csca-cert.pem"

    @property
    def csca_key(self) -> Path:
        return self.root / "csca" / "csca-key.pem"

    @property
    def ds_cert(self) -> Path:
        return self.root / "ds" / "ds-cert.pem"

    @property
    def ds_key(self) -> Path:
        return self.root / "ds" / "ds-key.pem"

    @property
    def trust_store(self) -> Path:
        return self.root / "trust-store"

    @property
    def terminal_key(self) -> Path:
        return self.root / "terminal" / "terminal-key.pem"

    @property
    def terminal_authority(self) -> Path:
        return self.root / "terminal" / "terminal-authority.pem"


def _write(path: Path, data: bytes, secret: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = 0o600 if secret else 0o644
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    os.fchmod(fd, mode)  # an existing file keeps its old mode through O_CREAT; a key must not
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)


def _cert_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def init_pki(root: Path, algorithm: Algorithm, country: str, now: datetime) -> PkiLayout:
    """Generate CSCA, DS, CRL and terminal key under ``root``; ``country`` is the alpha-3 MRZ code."""
    code = alpha2(country)
    if code is None:
        raise PkiError(f"unknown country code {country!r}")
    layout = PkiLayout(root)
    if layout.csca_key.exists():
        raise PkiError(f"{root} already holds a PKI; refusing to overwrite it")
    csca_key, ds_key = generate_key(algorithm), generate_key(algorithm)
    csca = issuance.issue_csca(csca_key, code, now)
    ds = issuance.issue_document_signer(csca, csca_key, ds_key.public_key(), code, now)
    crl = issuance.issue_crl(csca, csca_key, now)
    terminal = ec.generate_private_key(ec.SECP256R1())
    _write(layout.csca_key, private_pem(csca_key), secret=True)
    _write(layout.csca_cert, _cert_pem(csca))
    _write(layout.ds_key, private_pem(ds_key), secret=True)
    _write(layout.ds_cert, _cert_pem(ds))
    _write(layout.trust_store / "csca.pem", _cert_pem(csca))
    _write(layout.trust_store / "csca.crl", crl.public_bytes(serialization.Encoding.PEM))
    _write(layout.terminal_key, private_pem(terminal), secret=True)
    _write(layout.terminal_authority, public_pem(terminal.public_key()))
    return layout


def load_issuer(root: Path) -> Issuer:
    layout = PkiLayout(root)
    try:
        ds = x509.load_pem_x509_certificate(layout.ds_cert.read_bytes())
        ds_key = load_private_pem(layout.ds_key.read_bytes())
        authority = None
        if layout.terminal_authority.exists():
            loaded = serialization.load_pem_public_key(layout.terminal_authority.read_bytes())
            authority = loaded if isinstance(loaded, ec.EllipticCurvePublicKey) else None
    except (OSError, ValueError) as exc:
        raise PkiError(f"cannot load the PKI in {root}: {exc}") from exc
    return Issuer(ds, ds_key, authority)
