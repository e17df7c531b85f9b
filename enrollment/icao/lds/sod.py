"""EF.SOD (ICAO 9303 Part 10 §4.6.2): tag 77 around a CMS SignedData over an LDSSecurityObject.

Decoding exposes what the file *says* (hashes, the embedded Document Signer certificate, the signed
attributes and signature); it never decides whether to trust it: that is Passive Authentication
(:mod:`enrollment.icao.pki.passive_auth`).
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import cms
from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from enrollment.icao.errors import CertificateEncodingError, EncodingError, TlvError
from enrollment.icao.lds import registry, tlv
from enrollment.icao.lds.security_object import LDSSecurityObject
from enrollment.icao.signed_data import assemble_signed_data


@dataclass(frozen=True)
class SodFile:
    hash_algorithm: str  # of the data-group hashes, e.g. "sha256"
    dg_hashes: dict[int, bytes]
    lds_version: str | None
    encapsulated_content: bytes  # the DER LDSSecurityObject that the signature covers
    content_type_oid: str
    ds_certificate: x509.Certificate | None
    digest_algorithm: str  # of the signer info
    signed_attributes: bytes | None  # DER of the SET OF attributes, as signed
    message_digest: bytes | None
    signed_content_type: str | None
    signature_algorithm: str  # asn1crypto name: sha256_ecdsa, sha256_rsa, rsassa_pss, ...
    signature: bytes


_MESSAGE_DIGEST = "1.2.840.113549.1.9.4"
_CONTENT_TYPE = "1.2.840.113549.1.9.3"


def encode_sod(content_info_der: bytes) -> bytes:
    return tlv.encode(registry.SOD.tag, content_info_der)


def encode_sod_file(sod: SodFile) -> bytes:
    """Re-encode a decoded EF.SOD (the inverse of :func:`decode_sod` for what this project writes): SignedData
    v3, one SignerInfo naming the embedded certificate by issuer and serial number."""
    if sod.ds_certificate is None or sod.signed_attributes is None:
        raise EncodingError("an EF.SOD without certificate or signed attributes is not re-encoded")
    return encode_sod(assemble_signed_data(
        sod.encapsulated_content, sod.content_type_oid, sod.ds_certificate.public_bytes(serialization.Encoding.DER),
        sod.signed_attributes, sod.signature, sod.digest_algorithm, sod.signature_algorithm))


def _signed_attrs(signer: cms.SignerInfo) -> tuple[bytes | None, bytes | None, str | None]:
    attrs = signer["signed_attrs"]
    if not attrs:
        return None, None, None
    digest: bytes | None = None
    content_type: str | None = None
    for attr in attrs:
        kind = attr["type"].dotted
        if kind not in (_MESSAGE_DIGEST, _CONTENT_TYPE):
            continue
        values = attr["values"]
        if len(values) != 1:  # RFC 5652 §11.1/§11.2: exactly one value
            raise EncodingError(f"signed attribute {kind} has {len(values)} values, expected 1")
        if kind == _MESSAGE_DIGEST:
            digest = bytes(values[0].native)
        else:
            content_type = values[0].dotted
    # the signature covers the DER SET OF: the bytes as received under tag 31, not asn1crypto's re-encoding
    return tlv.encode(0x31, attrs.contents), digest, content_type


def _certificate(signed: cms.SignedData) -> x509.Certificate | None:
    """The first embedded certificate, with the fields Passive Authentication reads parsed eagerly.

    ``cryptography`` parses names lazily, so a certificate that loads may still fail on ``.subject``;
    touching them here keeps every parse failure a :class:`CertificateEncodingError` of the decoder.
    """
    certs = signed["certificates"]
    if not certs:
        return None
    try:
        chosen = certs[0].chosen
        if certs[0].name != "certificate":
            raise ValueError(f"embedded {certs[0].name} is not an X.509 certificate")
        cert = x509.load_der_x509_certificate(tlv.encode(0x30, chosen.contents))  # as received, not re-encoded
        _touched = (cert.subject.rfc4514_string(), cert.issuer.rfc4514_string(), cert.serial_number,
                    cert.not_valid_before_utc, cert.not_valid_after_utc)
    except (ValueError, TypeError, IndexError, x509.InvalidVersion, UnsupportedAlgorithm) as exc:
        raise CertificateEncodingError(f"malformed Document Signer certificate: {exc}") from exc
    return cert


def decode_sod(data: bytes) -> SodFile:
    """Parse EF.SOD; any structural defect raises :class:`EncodingError`."""
    try:
        der = tlv.decode_single(data, registry.SOD.tag).value
        info = cms.ContentInfo.load(der, strict=True)
        if info["content_type"].native != "signed_data":
            raise EncodingError("EF.SOD does not hold CMS SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        content = encap["content"].native
        if not isinstance(content, bytes):
            raise EncodingError("SignedData has no encapsulated LDSSecurityObject")
        lds = LDSSecurityObject.load(content, strict=True)
        hashes = {int(h["data_group_number"].native): bytes(h["data_group_hash_value"].native)
                  for h in lds["data_group_hash_values"]}
        version_info = lds["lds_version_info"]
        signers = signed["signer_infos"]
        if len(signers) != 1:
            raise EncodingError(f"EF.SOD has {len(signers)} signer infos, expected 1")
        signer = signers[0]
        attrs, digest, content_type = _signed_attrs(signer)
        lds_version = None if version_info.native is None else str(version_info["lds_version"].native)
        return SodFile(
            lds["hash_algorithm"]["algorithm"].native, hashes, lds_version,
            content, encap["content_type"].dotted, _certificate(signed),
            signer["digest_algorithm"]["algorithm"].native, attrs, digest, content_type,
            signer["signature_algorithm"]["algorithm"].native, bytes(signer["signature"].native),
        )
    except EncodingError:
        raise
    except (TlvError, ValueError, TypeError, KeyError, AttributeError, IndexError) as exc:
        # asn1crypto accepts BER inside the DER it was given and re-encodes it lazily: a malformed
        # inner value (e.g. an empty BIT STRING under an indefinite length) raises IndexError there
        raise EncodingError(f"malformed EF.SOD: {exc}") from exc
