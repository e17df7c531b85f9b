"""The enrolment PKI, modelled on the country PKI (:mod:`enrollment.icao.pki.issuance`).

One enrolment CA (self-signed, keyCertSign + cRLSign) issues two kinds of end-entity certificate:

* a **desk certificate** per enrolment desk: digitalSignature only, the desk id as common name — the
  desk signs its packets with it;
* the **registry certificate**: keyAgreement only, an EC P-256 key — desks encrypt packets for it.

The key usages keep the roles apart: a registry certificate cannot sign a packet and a desk
certificate cannot receive one. The CA's CRL revokes a stolen desk.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from enrollment.icao.pki.issuance import issue_crl
from enrollment.icao.pki.keys import PrivateKey, PublicKey
from enrollment.registry.enrolment_trust import crl_signed_by

ORGANISATION = "eGate enrolment"
DESK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


def _name(unit: str, common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, ORGANISATION),
                      x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(*, signature: bool = False, agreement: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=signature, content_commitment=False, key_encipherment=False,
                         data_encipherment=False, key_agreement=agreement, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


CRL_DAYS = 90  # a CRL's next update: the CA publishes the next one before (egate desk pki crl)
CRL_BACKDATE = timedelta(hours=1)  # a published CRL's lastUpdate: an hour early, for clocks behind the CA's


def issue_enrolment_ca(key: PrivateKey, now: datetime, days: int = 3650) -> x509.Certificate:
    name = _name("enrolment CA", "eGate enrolment CA")
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )


def _end_entity(ca: x509.Certificate, ca_key: PrivateKey, public: PublicKey, name: x509.Name, usage: x509.KeyUsage,
                now: datetime, days: int) -> x509.Certificate:
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(ca.subject).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(ca_key, hashes.SHA256())
    )


def issue_desk_certificate(ca: x509.Certificate, ca_key: PrivateKey, public: PublicKey, desk_id: str,
                           now: datetime, days: int = 730) -> x509.Certificate:
    if not DESK_ID.fullmatch(desk_id):
        raise ValueError("a desk id is 1..64 letters, digits, '.', '_' or '-', starting with a letter or digit")
    return _end_entity(ca, ca_key, public, _name("enrolment desk", desk_id), _usage(signature=True), now, days)


def issue_registry_certificate(ca: x509.Certificate, ca_key: PrivateKey, public: ec.EllipticCurvePublicKey,
                               now: datetime, days: int = 1095) -> x509.Certificate:
    return _end_entity(ca, ca_key, public, _name("registry", "eGate registry"), _usage(agreement=True), now, days)


def issue_enrolment_crl(ca: x509.Certificate, ca_key: PrivateKey, now: datetime,
                        revoked_serials: tuple[int, ...] = ()) -> x509.CertificateRevocationList:
    return reissue_enrolment_crl(ca, ca_key, now, None, revoked_serials)


def reissue_enrolment_crl(ca: x509.Certificate, ca_key: PrivateKey, now: datetime,
                          previous: x509.CertificateRevocationList | None, revoke: tuple[int, ...] = (),
                          days: int = CRL_DAYS) -> x509.CertificateRevocationList:
    """The CA's next CRL: every entry of ``previous`` kept with its revocation date, ``revoke`` added
    (revoked ``now``), valid for ``days``. ``previous`` must be this CA's, signed by its key."""
    if previous is not None and not crl_signed_by(previous, ca):
        raise ValueError("the previous CRL is not this CA's")
    if not 1 <= days <= 366:
        raise ValueError(f"a CRL is valid for 1 to 366 days, not {days}")
    if now.tzinfo is None:
        raise ValueError("the time of a CRL must carry its time zone")
    return issue_crl(ca, ca_key, now, revoke, days, kept=tuple(previous or ()), backdate=CRL_BACKDATE)


def desk_id_of(certificate: x509.Certificate) -> str | None:
    """The desk id a desk certificate names (its common name), None when it names none."""
    names = certificate.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    value = names[0].value if len(names) == 1 else None
    return value if isinstance(value, str) else None
