"""The enrolment PKI on disk, as written by ``egate desk pki init DIR --desk-id ID``::

    DIR/ca/enrolment-ca-cert.pem  enrolment-ca-key.pem  enrolment-ca.crl   the CA (keep its key offline)
    DIR/desks/ID/desk-cert.pem    desk-key.pem                             what one desk signs with
    DIR/registry/registry-cert.pem registry-key.pem                        what the registry decrypts with

A desk needs its own folder, the CA certificate, the registry certificate and the CRL; the registry
needs its folder, the CA certificate and the CRL. Private keys are written 0600 in 0700 folders. Never
commit such a directory. ``egate desk pki crl DIR [--revoke ID]`` publishes the CA's next CRL (where the CA
key is), to be copied to the registry and the desks, which read it again at their next check; where the CA
key is in DIR (an embedded desk), the CRL is also republished by itself 30 days before its next update.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.desk.packet_seal import DeskSigner, RegistryKey
from enrollment.icao.errors import PkiError
from enrollment.icao.pki.keys import generate_key, load_private_pem, private_pem
from enrollment.registry import enrolment_pki
from enrollment.registry.crl_file import CrlFile
from enrollment.registry.enrolment_trust import EnrolmentTrust


@dataclass(frozen=True)
class EnrolmentPkiLayout:
    root: Path

    @property
    def ca_cert(self) -> Path:
        return self.root / "ca" / "enrolment-ca-cert.pem"

    @property
    def ca_key(self) -> Path:
        return self.root / "ca" / "enrolment-ca-key.pem"

    @property
    def crl(self) -> Path:
        return self.root / "ca" / "enrolment-ca.crl"

    def desk_cert(self, desk_id: str) -> Path:
        return self.root / "desks" / desk_id / "desk-cert.pem"

    def desk_key(self, desk_id: str) -> Path:
        return self.root / "desks" / desk_id / "desk-key.pem"

    @property
    def registry_cert(self) -> Path:
        return self.root / "registry" / "registry-cert.pem"

    @property
    def registry_key(self) -> Path:
        return self.root / "registry" / "registry-key.pem"


def _write(path: Path, data: bytes, secret: bool = False, durable: bool = False) -> None:
    path.parent.mkdir(mode=0o700 if secret else 0o755, parents=True, exist_ok=True)
    mode = 0o600 if secret else 0o644
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    os.fchmod(fd, mode)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        if durable:
            handle.flush()
            os.fsync(handle.fileno())


def _pem(cert: x509.Certificate | x509.CertificateRevocationList) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def init_enrolment_pki(root: Path, desk_id: str, now: datetime) -> EnrolmentPkiLayout:
    """Generate the enrolment CA, one desk's certificate and key, the registry's, and an empty CRL."""
    layout = EnrolmentPkiLayout(root)
    if layout.ca_key.exists():
        raise PkiError(f"{root} already holds an enrolment PKI; refusing to overwrite it")
    ca_key, desk_key = generate_key("ecdsa-p256"), generate_key("ecdsa-p256")
    registry_key = ec.generate_private_key(ec.SECP256R1())
    ca = enrolment_pki.issue_enrolment_ca(ca_key, now)
    desk = enrolment_pki.issue_desk_certificate(ca, ca_key, desk_key.public_key(), desk_id, now)
    registry = enrolment_pki.issue_registry_certificate(ca, ca_key, registry_key.public_key(), now)
    _write(layout.ca_key, private_pem(ca_key), secret=True)
    _write(layout.ca_cert, _pem(ca))
    _write(layout.crl, _pem(enrolment_pki.issue_enrolment_crl(ca, ca_key, now)))
    _write(layout.desk_key(desk_id), private_pem(desk_key), secret=True)
    _write(layout.desk_cert(desk_id), _pem(desk))
    _write(layout.registry_key, private_pem(registry_key), secret=True)
    _write(layout.registry_cert, _pem(registry))
    return layout


def publish_crl(layout: EnrolmentPkiLayout, now: datetime, revoke_desks: tuple[str, ...] = (),
                days: int = enrolment_pki.CRL_DAYS) -> x509.CertificateRevocationList:
    """The CA's next CRL, written in place of the last one (whole or not at all, synced to disk): its
    entries kept, the certificates of ``revoke_desks`` (desks of this PKI, issued by this CA) added."""
    try:
        ca_key = load_private_pem(layout.ca_key.read_bytes())
    except OSError as exc:
        raise PkiError(f"cannot read the CA key {layout.ca_key}: {exc}") from exc
    ca = _certificate(layout.ca_cert)
    with _crl_lock(layout):  # a renewal and `egate desk pki crl --revoke` at once: neither loses the other's
        if not layout.crl.exists():  # init writes one: without it, every earlier revocation would be dropped
            raise PkiError(f"{layout.crl} is missing; restore it from a copy before publishing the next CRL")
        previous = _read_crl(layout.crl)
        serials = tuple(_desk_serial(layout, ca, desk_id) for desk_id in revoke_desks)
        try:
            crl = enrolment_pki.reissue_enrolment_crl(ca, ca_key, now, previous, serials, days)
        except ValueError as exc:
            raise PkiError(str(exc)) from exc
        fd, name = tempfile.mkstemp(prefix=layout.crl.name + ".", suffix=".new", dir=layout.crl.parent)
        os.close(fd)  # a name of its own: two processes renewing at once never write into each other's file
        staged = Path(name)
        try:
            _write(staged, _pem(crl), durable=True)
            os.replace(staged, layout.crl)
        finally:
            staged.unlink(missing_ok=True)
        folder = os.open(layout.crl.parent, os.O_RDONLY)
        try:
            os.fsync(folder)  # the rename itself survives a power loss
        finally:
            os.close(folder)
    return crl


@contextmanager
def _crl_lock(layout: EnrolmentPkiLayout) -> Iterator[None]:
    fd = os.open(layout.crl.parent / ".crl.lock", os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _desk_serial(layout: EnrolmentPkiLayout, ca: x509.Certificate, desk_id: str) -> int:
    if not enrolment_pki.DESK_ID.fullmatch(desk_id):
        raise PkiError(f"{desk_id!r} is not a desk id")
    cert = _certificate(layout.desk_cert(desk_id))
    try:
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature) as exc:
        raise PkiError(f"the certificate of desk {desk_id} is not issued by this CA") from exc
    return int(cert.serial_number)


def _certificate(path: Path) -> x509.Certificate:
    try:
        return x509.load_pem_x509_certificate(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise PkiError(f"cannot read the certificate {path}: {exc}") from exc


def load_trust(layout: EnrolmentPkiLayout) -> EnrolmentTrust:
    """The CA and its CRL file, read again at each check when it changes; where the CA key is at hand the
    CRL is republished 30 days before its next update (:class:`CrlFile`)."""
    ca = _certificate(layout.ca_cert)
    renew = (lambda at: publish_crl(layout, at)) if layout.ca_key.exists() else None
    source = CrlFile(layout.crl, ca, renew)
    if layout.crl.exists() and not source.crls(datetime.now(UTC)):  # read (and renewed if due) as at any check
        raise PkiError(f"{layout.crl} is not a readable CRL of the enrolment CA; refusing to check nothing")
    return EnrolmentTrust((ca,), source=source)


def _read_crl(path: Path) -> x509.CertificateRevocationList:
    try:
        return x509.load_pem_x509_crl(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise PkiError(f"cannot read the CRL {path}: {exc}") from exc


def load_desk_signer(layout: EnrolmentPkiLayout, desk_id: str) -> DeskSigner:
    try:
        key = load_private_pem(layout.desk_key(desk_id).read_bytes())
    except OSError as exc:
        raise PkiError(f"cannot read the key of desk {desk_id}: {exc}") from exc
    return DeskSigner(_certificate(layout.desk_cert(desk_id)), key)


def load_registry_certificate(layout: EnrolmentPkiLayout) -> x509.Certificate:
    return _certificate(layout.registry_cert)


def load_registry_key(layout: EnrolmentPkiLayout) -> RegistryKey:
    try:
        key = load_private_pem(layout.registry_key.read_bytes())
    except OSError as exc:
        raise PkiError(f"cannot read the registry key: {exc}") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise PkiError("the registry key must be an EC key")
    return RegistryKey(_certificate(layout.registry_cert), key)
