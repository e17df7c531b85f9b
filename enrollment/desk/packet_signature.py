"""The desk's signature over the packet contents: CMS SignedData (RFC 5652), written as EF.SOD and the
master lists are (:func:`enrollment.icao.pki.cms_signer.sign_content`).

SignedData v3, the contents encapsulated under :data:`PACKET_CONTENT_OID`, the desk certificate
embedded, one SignerInfo naming it by issuer and serial number, signed attributes contentType,
signingTime and messageDigest (SHA-256), ECDSA or RSA PKCS#1 v1.5. ``openssl cms -verify`` accepts what
this writes (tested).

Verification here is the mathematics only — the signature over the signed attributes by the
embedded certificate's key and the digest of the contents; whether that certificate is trusted is
:mod:`enrollment.registry.enrolment_trust`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from asn1crypto import cms, core
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm

from enrollment.desk.packet_codec import ASN1_FAILURES
from enrollment.desk.packet_errors import PacketMalformed, PacketSignatureInvalid
from enrollment.desk.packet_schema import PACKET_CONTENT_OID
from enrollment.icao.errors import IcaoError
from enrollment.icao.lds import tlv
from enrollment.icao.pki import cms_signer, signatures
from enrollment.icao.pki.keys import PrivateKey

HASH = "sha256"


@dataclass(frozen=True)
class SignedContent:
    content: bytes
    certificate: x509.Certificate
    signing_time: datetime


def sign_content(content: bytes, certificate: x509.Certificate, key: PrivateKey, signing_time: datetime) -> bytes:
    """DER ContentInfo(SignedData) over ``content``, signed by ``key`` (the desk's)."""
    return cms_signer.sign_content(content, PACKET_CONTENT_OID, certificate, key, signing_time, HASH)


def _attribute(attrs: cms.CMSAttributes, name: str) -> object:
    values = [a["values"] for a in attrs if a["type"].native == name]
    if len(values) != 1 or len(values[0]) != 1:
        raise PacketSignatureInvalid(f"signed attribute {name} missing or repeated")
    return values[0][0].native


def _parts(data: bytes) -> tuple[bytes, bytes, cms.SignerInfo]:
    info = cms.ContentInfo.load(data, strict=True)
    if info["content_type"].native != "signed_data":
        raise PacketMalformed("the decrypted packet is not CMS SignedData")
    signed = info["content"]
    encap = signed["encap_content_info"]
    if encap["content_type"].dotted != PACKET_CONTENT_OID:
        raise PacketMalformed("the signed content is not an enrolment packet")
    content = encap["content"].native if isinstance(encap["content"], core.OctetString) else encap["content"].contents
    certs, signers = signed["certificates"], signed["signer_infos"]
    if len(certs) != 1 or len(signers) != 1 or certs[0].name != "certificate":
        raise PacketMalformed("a packet carries exactly one desk certificate and one signer")
    return bytes(content), certs[0].chosen.dump(), signers[0]


def _check_signer(signer: cms.SignerInfo, cert: x509.Certificate, content: bytes) -> datetime:
    sid = signer["sid"]
    if sid.name != "issuer_and_serial_number" or sid.chosen["serial_number"].native != cert.serial_number:
        raise PacketSignatureInvalid("the signer is not the embedded desk certificate")
    if signer["digest_algorithm"]["algorithm"].native != HASH:
        raise PacketSignatureInvalid("the packet digest must be SHA-256")
    attrs = signer["signed_attrs"]
    if _attribute(attrs, "content_type") != PACKET_CONTENT_OID:
        raise PacketSignatureInvalid("the signed content type is not an enrolment packet")
    if _attribute(attrs, "message_digest") != signatures.digest(HASH, content):
        raise PacketSignatureInvalid("the contents do not match the signed digest")
    signing_time = _attribute(attrs, "signing_time")
    if not isinstance(signing_time, datetime):
        raise PacketSignatureInvalid("the signing time is missing")
    algorithm = signer["signature_algorithm"]["algorithm"].native
    try:
        # the signature covers the DER SET OF (tag 31) of the attributes as received, not a re-encoding
        signed_bytes = tlv.encode(0x31, attrs.contents)
        good = signatures.verify(cert.public_key(), signer["signature"].native, signed_bytes,  # type: ignore[arg-type]
                                 HASH, algorithm)
    except IcaoError:
        good = False
    if not good:
        raise PacketSignatureInvalid("the desk's signature does not verify")
    return signing_time


def _certificate(der: bytes) -> x509.Certificate:
    """The embedded certificate with the fields checked later parsed now: ``cryptography`` parses names
    and extensions lazily, so a certificate that loads may still fail on ``.issuer``."""
    cert = x509.load_der_x509_certificate(der)
    _ = (cert.issuer, cert.subject, cert.serial_number, cert.not_valid_before_utc, cert.not_valid_after_utc,
         list(cert.extensions), cert.public_key())
    return cert


def verify_content(data: bytes) -> SignedContent:
    """The contents and the embedded signer of a SignedData whose signature verifies."""
    try:
        content, cert_der, signer = _parts(data)
        cert = _certificate(cert_der)
        signing_time = _check_signer(signer, cert, content)
    except (PacketMalformed, PacketSignatureInvalid):
        raise
    except (*ASN1_FAILURES, UnsupportedAlgorithm, x509.DuplicateExtension) as exc:
        raise PacketMalformed(f"the signed packet does not parse ({type(exc).__name__})") from None
    return SignedContent(content, cert, signing_time)
