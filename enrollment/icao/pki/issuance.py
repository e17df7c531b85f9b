"""Issuing the country PKI with ``cryptography``: CSCA root, Document Signer certificates and the CRL.

Profiles follow ICAO 9303 Part 12 §7 in outline: the CSCA is a self-signed CA (basic constraints,
keyCertSign + cRLSign), the Document Signer an end entity with digitalSignature only; both carry the
issuing state's two-letter country code in subject and issuer.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID

from enrollment.icao.pki.keys import PrivateKey, PublicKey


def country_name(country: str, common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, country),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, f"eGate {country}"),
                      x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _usage(*, signature: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=signature, content_commitment=False, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)


def issue_csca(key: PrivateKey, country: str, now: datetime, days: int = 3650) -> x509.Certificate:
    name = country_name(country, f"CSCA {country}")
    public = key.public_key()
    return (
        x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(public)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(signature=False, ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public), critical=False)
        .sign(key, hashes.SHA256())
    )


def issue_document_signer(csca: x509.Certificate, csca_key: PrivateKey, ds_public: PublicKey, country: str,
                          now: datetime, days: int = 1095, serial: int | None = None) -> x509.Certificate:
    return (
        x509.CertificateBuilder().subject_name(country_name(country, f"Document Signer {country}"))
        .issuer_name(csca.subject).public_key(ds_public)
        .serial_number(serial or x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=days))
        .add_extension(_usage(signature=True, ca=False), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(csca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ds_public), critical=False)
        .sign(csca_key, hashes.SHA256())
    )


def issue_crl(csca: x509.Certificate, csca_key: PrivateKey, now: datetime, revoked_serials: tuple[int, ...] = (),
              days: int = 90, *, kept: tuple[x509.RevokedCertificate, ...] = (),
              backdate: timedelta = timedelta(minutes=5)) -> x509.CertificateRevocationList:
    """A CRL of ``csca``: the entries ``kept`` as they are (an earlier CRL's), ``revoked_serials`` revoked
    ``now`` (any already kept left out), lastUpdate ``backdate`` before ``now``, nextUpdate in ``days``."""
    builder = (x509.CertificateRevocationListBuilder().issuer_name(csca.subject)
               .last_update(now - backdate).next_update(now + timedelta(days=days)))
    for entry in kept:
        builder = builder.add_revoked_certificate(entry)
    known = {entry.serial_number for entry in kept}
    for serial in sorted(set(revoked_serials) - known):
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(now).build())
    return builder.sign(csca_key, hashes.SHA256())
