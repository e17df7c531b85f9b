"""Encrypting the signed packet for the registry: CMS AuthEnvelopedData (RFC 5083) with AES-256-GCM
(RFC 5084), the content key wrapped (AES key wrap, RFC 3394) under a key agreed by ephemeral-static
ECDH with the registry's P-256 key (RFC 5753, dhSinglePass-stdDH-sha256kdf-scheme, X9.63 KDF).

Why this and not ``cryptography``'s ``PKCS7EnvelopeBuilder``: that builder writes EnvelopedData with
AES-CBC, unauthenticated, for RSA recipients only (PKCS#1 v1.5 key transport). A registry that
answers "cannot decrypt" differently from "signature invalid" would then be a padding oracle on
CBC (and on PKCS#1 v1.5) for anyone able to replay a captured packet at it. AES-GCM authenticates
the ciphertext, so every tampering is one answer (PACKET_DECRYPT_FAILED) before anything is parsed,
and an EC registry key fits the project's ECDSA-P256 PKI.

Written here, and why: ``cryptography`` has no builder for AuthEnvelopedData or for ECDH key
agreement recipients, so the CMS structure is assembled with asn1crypto and the primitives come
from ``cryptography`` (ECDH, X963KDF, aes_key_wrap, AESGCM) — no cryptographic primitive is written
here. Interoperability is tested both ways against ``openssl cms`` (OpenSSL 3).
"""

from __future__ import annotations

import os
from typing import ClassVar

from asn1crypto import cms, core, keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.x963kdf import X963KDF
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

from enrollment.desk.packet_codec import ASN1_FAILURES
from enrollment.desk.packet_errors import PacketDecryptFailed, PacketMalformed, PacketWrongRecipient

DH_SCHEME = "1.3.132.1.11.1"  # dhSinglePass-stdDH-sha256kdf-scheme (RFC 5753)
KEY_WRAP = "aes256_wrap"
CONTENT_CIPHER = "aes256_gcm"
NONCE_BYTES, TAG_BYTES, KEY_BYTES = 12, 16, 32


class GcmParameters(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("nonce", core.OctetString), ("icv_len", core.Integer, {"default": 12})]


class EccCmsSharedInfo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("key_info", cms.KeyEncryptionAlgorithm),
               ("entity_u_info", core.OctetString, {"explicit": 0, "optional": True}),
               ("supp_pub_info", core.OctetString, {"explicit": 2})]


def _kek(shared_secret: bytes) -> bytes:
    info = EccCmsSharedInfo({"key_info": {"algorithm": KEY_WRAP},
                             "supp_pub_info": (8 * KEY_BYTES).to_bytes(4, "big")})
    return X963KDF(hashes.SHA256(), KEY_BYTES, info.dump()).derive(shared_secret)


def _registry_key(certificate: x509.Certificate) -> ec.EllipticCurvePublicKey:
    key = certificate.public_key()
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, ec.SECP256R1):
        raise ValueError("the registry certificate must carry an EC P-256 key")
    return key


def encrypt_for_registry(plaintext: bytes, registry: x509.Certificate) -> bytes:
    """DER ContentInfo(AuthEnvelopedData) of ``plaintext`` that only ``registry``'s key opens."""
    recipient = _registry_key(registry)
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    cek, nonce = AESGCM.generate_key(8 * KEY_BYTES), os.urandom(NONCE_BYTES)
    sealed = AESGCM(cek).encrypt(nonce, plaintext, None)
    wrapped = aes_key_wrap(_kek(ephemeral.exchange(ec.ECDH(), recipient)), cek)
    cert = asn1_x509.Certificate.load(registry.public_bytes(serialization.Encoding.DER))
    point = ephemeral.public_key().public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.UncompressedPoint)
    kari = cms.KeyAgreeRecipientInfo({
        "version": "v3",
        "originator": cms.OriginatorIdentifierOrKey({"originator_key": keys.PublicKeyInfo(
            {"algorithm": keys.PublicKeyAlgorithm({"algorithm": "ec"}), "public_key": point})}),
        "key_encryption_algorithm": cms.KeyEncryptionAlgorithm(
            {"algorithm": DH_SCHEME, "parameters": cms.KeyEncryptionAlgorithm({"algorithm": KEY_WRAP})}),
        "recipient_encrypted_keys": [{
            "rid": cms.KeyAgreementRecipientIdentifier({"issuer_and_serial_number": cms.IssuerAndSerialNumber(
                {"issuer": cert.issuer, "serial_number": cert.serial_number})}),
            "encrypted_key": wrapped}],
    })
    enveloped = cms.AuthEnvelopedData({
        "version": "v0",
        "recipient_infos": [cms.RecipientInfo({"kari": kari})],
        "auth_encrypted_content_info": {
            "content_type": "data",
            "content_encryption_algorithm": {"algorithm": CONTENT_CIPHER,
                                             "parameters": GcmParameters({"nonce": nonce, "icv_len": TAG_BYTES})},
            "encrypted_content": sealed[:-TAG_BYTES]},
        "mac": sealed[-TAG_BYTES:],
    })
    return bytes(cms.ContentInfo({"content_type": "authenticated_enveloped_data", "content": enveloped}).dump())


def _recipient(enveloped: cms.AuthEnvelopedData, registry: x509.Certificate) -> tuple[bytes, bytes]:
    """(originator point, wrapped key) of the one recipient, which must be ``registry``."""
    infos = enveloped["recipient_infos"]
    if len(infos) != 1 or infos[0].name != "kari":
        raise PacketMalformed("a packet has exactly one key-agreement recipient")
    kari = infos[0].chosen
    algorithm = kari["key_encryption_algorithm"]
    wrap = cms.KeyEncryptionAlgorithm.load(algorithm["parameters"].dump())
    if algorithm["algorithm"].dotted != DH_SCHEME or wrap["algorithm"].native != KEY_WRAP:
        raise PacketMalformed("unsupported key agreement (expected ECDH stdDH-sha256kdf with AES-256 wrap)")
    originator = kari["originator"]
    if originator.name != "originator_key" or originator.chosen["algorithm"]["algorithm"].native != "ec":
        raise PacketMalformed("the originator must be an ephemeral EC public key")
    keys_ = kari["recipient_encrypted_keys"]
    if len(keys_) != 1 or keys_[0]["rid"].name != "issuer_and_serial_number":
        raise PacketMalformed("a packet has exactly one recipient key, named by issuer and serial")
    rid = keys_[0]["rid"].chosen
    cert = asn1_x509.Certificate.load(registry.public_bytes(serialization.Encoding.DER))
    if rid["serial_number"].native != cert.serial_number or rid["issuer"].dump() != cert.issuer.dump():
        raise PacketWrongRecipient("the packet is encrypted for another registry key")
    return bytes(originator.chosen["public_key"].native), bytes(keys_[0]["encrypted_key"].native)


def _content(enveloped: cms.AuthEnvelopedData) -> tuple[bytes, bytes, bytes]:
    """(nonce, ciphertext, tag) after checking the content cipher and its parameters."""
    info = enveloped["auth_encrypted_content_info"]
    cipher = info["content_encryption_algorithm"]
    if cipher["algorithm"].native != CONTENT_CIPHER or len(enveloped["auth_attrs"]) or len(enveloped["unauth_attrs"]):
        raise PacketMalformed("unsupported content encryption (expected AES-256-GCM, no attributes)")
    params = GcmParameters.load(cipher["parameters"].dump(), strict=True)
    nonce, tag, text = params["nonce"].native, enveloped["mac"].native, info["encrypted_content"].native
    if len(nonce) != NONCE_BYTES or params["icv_len"].native != TAG_BYTES or len(tag) != TAG_BYTES or text is None:
        raise PacketMalformed("AES-GCM parameters out of profile")
    return nonce, text, tag


def decrypt_for_registry(data: bytes, registry: x509.Certificate, key: ec.EllipticCurvePrivateKey) -> bytes:
    """The plaintext of a packet encrypted for ``registry`` (whose private key is ``key``)."""
    try:
        info = cms.ContentInfo.load(data, strict=True)
        if info["content_type"].native != "authenticated_enveloped_data":
            raise PacketMalformed("the packet is not CMS AuthEnvelopedData")
        enveloped = info["content"]
        point, wrapped = _recipient(enveloped, registry)
        nonce, text, tag = _content(enveloped)
    except (PacketMalformed, PacketWrongRecipient):
        raise
    except ASN1_FAILURES as exc:
        raise PacketMalformed(f"the packet envelope does not parse ({type(exc).__name__})") from None
    try:
        originator = ec.EllipticCurvePublicKey.from_encoded_point(key.curve, point)
        cek = aes_key_unwrap(_kek(key.exchange(ec.ECDH(), originator)), wrapped)
        if len(cek) != KEY_BYTES:
            raise ValueError("content key of the wrong length")
        return AESGCM(cek).decrypt(nonce, text + tag, None)
    except (ValueError, InvalidUnwrap, InvalidTag):
        raise PacketDecryptFailed("the packet does not decrypt with the registry key") from None
