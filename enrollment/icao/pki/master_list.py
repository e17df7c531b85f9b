"""ICAO CSCA master lists (ICAO 9303 Part 12 §9): build and verify.

A master list is CMS SignedData whose content, of type id-icao-cscaMasterList (2.23.136.1.1.2), is::

    CscaMasterList ::= SEQUENCE { version INTEGER (0), certList SET OF Certificate }

signed by a Master List Signer certificate (extended key usage id-icao-cscaMasterListSigningKey,
2.23.136.1.1.3) that a CSCA issued. Verification trusts the signer only through a CSCA the inspection
system already trusts; every listed certificate must be a CA whose signature verifies (self-signed
roots, or link certificates signed by the previous key). Failures raise :class:`MasterListError` with a
stable ``reason``. CMS with asn1crypto, signatures with ``cryptography``.
"""

from __future__ import annotations

import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import ClassVar

from asn1crypto import cms, core
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from enrollment.icao.errors import MasterListError, PkiError
from enrollment.icao.pki import signatures
from enrollment.icao.pki.cms_signer import sign_content
from enrollment.icao.pki.keys import PrivateKey
from enrollment.icao.pki.master_list_signer import ML_SIGNER_EKU

MASTER_LIST_OID = "2.23.136.1.1.2"


class CertificateSet(core.SetOf):  # type: ignore[misc]
    _child_spec = asn1_x509.Certificate


class CscaMasterList(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("version", core.Integer), ("cert_list", CertificateSet)]


@dataclass(frozen=True)
class MasterList:
    certificates: tuple[x509.Certificate, ...]
    signer: x509.Certificate


def _asn1(cert: x509.Certificate) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))


def build_master_list(certificates: Sequence[x509.Certificate], signer: x509.Certificate, signer_key: PrivateKey,
                      signing_time: datetime, hash_name: str = "sha256") -> bytes:
    """DER ContentInfo of a master list holding ``certificates``, signed by ``signer``."""
    content = bytes(CscaMasterList({"version": 0, "cert_list": [_asn1(c) for c in certificates]}).dump())
    return sign_content(content, MASTER_LIST_OID, signer, signer_key, signing_time, hash_name)


@dataclass(frozen=True)
class _Parsed:
    content: bytes
    certificates: tuple[x509.Certificate, ...]
    signer_info: cms.SignerInfo
    embedded: tuple[x509.Certificate, ...]


def _parse(data: bytes) -> _Parsed:
    try:
        info = cms.ContentInfo.load(data, strict=True)
        if info["content_type"].native != "signed_data":
            raise MasterListError("malformed", "not CMS SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].dotted != MASTER_LIST_OID:
            raise MasterListError("content_type", f"content type {encap['content_type'].dotted}")
        content = bytes(encap["content"].contents)
        listed = CscaMasterList.load(content, strict=True)
        certs = tuple(x509.load_der_x509_certificate(c.dump()) for c in listed["cert_list"])
        embedded = tuple(x509.load_der_x509_certificate(c.chosen.dump()) for c in signed["certificates"])
        signers = list(signed["signer_infos"])
        if len(signers) != 1:
            raise MasterListError("malformed", f"{len(signers)} signer infos (expected 1)")
        return _Parsed(content, certs, signers[0], embedded)
    except MasterListError:
        raise
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        raise MasterListError("malformed", str(exc)) from exc


def _signer(parsed: _Parsed) -> x509.Certificate:
    sid = parsed.signer_info["sid"]
    if sid.name != "issuer_and_serial_number":
        raise MasterListError("malformed", "signer identified by key identifier is not supported")
    serial = sid.chosen["serial_number"].native
    issuer = sid.chosen["issuer"].dump()
    for cert in parsed.embedded:
        if cert.serial_number == serial and _asn1(cert).issuer.dump() == issuer:
            return cert
    raise MasterListError("signer_missing", "the signer certificate is not embedded")


def _check_signature(parsed: _Parsed, signer: x509.Certificate) -> None:
    info = parsed.signer_info
    attrs = info["signed_attrs"]
    if not attrs:
        raise MasterListError("signature_invalid", "no signed attributes")
    values = {a["type"].dotted: a["values"][0] for a in attrs}
    content_type = values.get("1.2.840.113549.1.9.3")
    if content_type is None or content_type.dotted != MASTER_LIST_OID:
        raise MasterListError("signature_invalid", "signed contentType is not a master list")
    hash_name = info["digest_algorithm"]["algorithm"].native
    try:
        expected = signatures.digest(hash_name, parsed.content)
    except PkiError as exc:
        raise MasterListError("algorithm_unsupported", str(exc)) from exc
    digest = values.get("1.2.840.113549.1.9.4")
    if digest is None or not hmac.compare_digest(bytes(digest.native), expected):
        raise MasterListError("signature_invalid", "messageDigest does not match the content")
    key = signer.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey | rsa.RSAPublicKey):
        raise MasterListError("algorithm_unsupported", type(key).__name__)
    signed_der = b"\x31" + attrs.dump()[1:]
    algorithm = info["signature_algorithm"].signature_algo
    if not signatures.verify(key, info["signature"].native, signed_der, hash_name, f"{hash_name}_{algorithm}"):
        raise MasterListError("signature_invalid", "the signer's key does not verify the signature")


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    if cert.issuer != issuer.subject:
        return False
    try:
        cert.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature, UnsupportedAlgorithm):
        return False
    return True


def _is_ca(cert: x509.Certificate) -> bool:
    try:
        return bool(cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca)
    except x509.ExtensionNotFound:
        return False


def _check_signer(signer: x509.Certificate, anchors: Sequence[x509.Certificate], at: datetime) -> None:
    csca = next((a for a in anchors if _issued_by(signer, a)), None)
    if csca is None:
        raise MasterListError("signer_untrusted", f"no trusted CSCA issued {signer.subject.rfc4514_string()}")
    try:
        usages = signer.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value
    except x509.ExtensionNotFound:
        usages = x509.ExtendedKeyUsage([])
    if x509.ObjectIdentifier(ML_SIGNER_EKU) not in usages:
        raise MasterListError("signer_not_authorised", "the signer lacks id-icao-cscaMasterListSigningKey")
    for role, cert in (("signer", signer), ("csca", csca)):
        if at < cert.not_valid_before_utc:
            raise MasterListError(f"{role}_not_yet_valid", f"valid from {cert.not_valid_before_utc}")
        if at > cert.not_valid_after_utc:
            raise MasterListError(f"{role}_expired", f"expired on {cert.not_valid_after_utc}")


def verify_master_list(data: bytes, anchors: Sequence[x509.Certificate], at: datetime) -> MasterList:
    """Parse and verify; ``anchors`` are the CSCAs already trusted (one of them issued the signer)."""
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    parsed = _parse(data)
    try:  # cryptography parses certificate fields lazily: a malformed name or extension raises here
        signer = _signer(parsed)
        _check_signature(parsed, signer)
        _check_signer(signer, anchors, at)
        known = (*parsed.certificates, *anchors)
        for cert in parsed.certificates:
            if not _is_ca(cert) or not any(_issued_by(cert, issuer) for issuer in known):
                raise MasterListError("certificate_invalid", f"{cert.subject.rfc4514_string()} is not a valid CSCA")
    except UnsupportedAlgorithm as exc:  # a key type or curve cryptography does not know
        raise MasterListError("algorithm_unsupported", str(exc)) from exc
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise MasterListError("malformed", str(exc)) from exc
    return MasterList(parsed.certificates, signer)
