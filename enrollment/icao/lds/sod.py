"""EF.SOD (ICAO 9303 Part 10 §4.6.2): tag 77 around a CMS SignedData over an LDSSecurityObject.

Decoding exposes what the file *says* (hashes, the embedded Document Signer certificate, the signed
attributes and signature); it never decides whether to trust it: that is Passive Authentication
(:mod:`enrollment.icao.pki.passive_auth`).
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import cms
from cryptography import x509

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv
from enrollment.icao.lds.security_object import LDSSecurityObject


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


def encode_sod(content_info_der: bytes) -> bytes:
    return tlv.encode(registry.SOD.tag, content_info_der)


def _signed_attrs(signer: cms.SignerInfo) -> tuple[bytes | None, bytes | None, str | None]:
    attrs = signer["signed_attrs"]
    if not attrs:
        return None, None, None
    digest: bytes | None = None
    content_type: str | None = None
    for attr in attrs:
        kind = attr["type"].dotted
        if kind == "1.2.840.113549.1.9.4":
            digest = attr["values"][0].native
        elif kind == "1.2.840.113549.1.9.3":
            content_type = attr["values"][0].dotted
    der = attrs.dump()
    return b"\x31" + der[1:], digest, content_type


def _certificate(signed: cms.SignedData) -> x509.Certificate | None:
    certs = signed["certificates"]
    if not certs:
        return None
    return x509.load_der_x509_certificate(certs[0].chosen.dump())


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
    except (TlvError, ValueError, TypeError, KeyError, AttributeError) as exc:
        raise EncodingError(f"malformed EF.SOD: {exc}") from exc
