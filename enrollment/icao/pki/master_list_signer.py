"""Certificates around the master list: the Master List Signer and CSCA link certificates (Part 12 §5, §7)."""

from __future__ import annotations

from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from enrollment.icao.pki.issuance import country_name
from enrollment.icao.pki.keys import PrivateKey, PublicKey

ML_SIGNER_EKU = "2.23.136.1.1.3"  # id-icao-cscaMasterListSigningKey


def issue_master_list_signer(csca: x509.Certificate, csca_key: PrivateKey, public: PublicKey, country: str,
                             now: datetime, days: int = 365) -> x509.Certificate:
    usage = x509.KeyUsage(digital_signature=True, content_commitment=False, key_encipherment=False,
                          data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
                          encipher_only=False, decipher_only=False)
    return (
        x509.CertificateBuilder().subject_name(country_name(country, f"Master List Signer {country}"))
        .issuer_name(csca.subject).public_key(public).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(now + timedelta(days=days))
        .add_extension(usage, critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.ObjectIdentifier(ML_SIGNER_EKU)]), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(csca_key.public_key()), critical=False)
        .sign(csca_key, hashes.SHA256())
    )


def issue_link_certificate(old_csca: x509.Certificate, old_key: PrivateKey, new_csca: x509.Certificate,
                           now: datetime) -> x509.Certificate:
    """The new CSCA's name and key, signed by the old CSCA key: trust carries over a key rollover."""
    validity_end = min(new_csca.not_valid_after_utc, old_csca.not_valid_after_utc + timedelta(days=3650))
    return (
        x509.CertificateBuilder().subject_name(new_csca.subject).issuer_name(old_csca.subject)
        .public_key(new_csca.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5)).not_valid_after(validity_end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(new_csca.extensions.get_extension_for_class(x509.KeyUsage).value, critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(old_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(new_csca.public_key()), critical=False)
        .sign(old_key, hashes.SHA256())
    )
