"""Signing CMS SignedData: the signed attributes contentType, signingTime and messageDigest over the content,
signed by the signer's key (ECDSA, or RSA PKCS#1 v1.5, through :mod:`enrollment.icao.pki.signatures`), then
assembled by :func:`enrollment.icao.signed_data.assemble_signed_data`. EF.SOD (the Document Signer), CSCA
master lists (the Master List Signer) and the desk's enrolment packets (the desk) are signed here."""

from __future__ import annotations

from datetime import datetime

from asn1crypto import cms
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from enrollment.icao.pki import signatures
from enrollment.icao.pki.keys import PrivateKey
from enrollment.icao.signed_data import assemble_signed_data


def sign_content(content: bytes, content_type: str, certificate: x509.Certificate, key: PrivateKey,
                 signing_time: datetime, hash_name: str = "sha256") -> bytes:
    """DER ContentInfo(SignedData) over ``content`` of ``content_type`` (a dotted OID), signed by ``key``,
    whose certificate is embedded."""
    attrs = bytes(cms.CMSAttributes([
        {"type": "content_type", "values": [content_type]},
        {"type": "signing_time", "values": [cms.Time({"utc_time": signing_time})]},
        {"type": "message_digest", "values": [signatures.digest(hash_name, content)]},
    ]).dump())
    return assemble_signed_data(content, content_type, certificate.public_bytes(serialization.Encoding.DER), attrs,
                                signatures.sign(key, attrs, hash_name), hash_name,
                                signatures.cms_signature_algorithm(key, hash_name))
