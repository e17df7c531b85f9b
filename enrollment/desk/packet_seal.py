"""The enrolment packet end to end: seal at the desk (encode → sign → encrypt), open at the registry
(decrypt → verify the signature → check the desk certificate → decode → check the ids).

Sign-then-encrypt: the registry alone can read a packet, and what it reads carries the desk's
signature, which it keeps as evidence. The application id travels beside the packet (the upload
names it) and must equal the signed one; the signed desk id must be the desk certificate's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.desk.packet import PacketContents
from enrollment.desk.packet_codec import DEFAULT_LIMITS, PacketLimits, decode_contents, encode_contents
from enrollment.desk.packet_envelope import decrypt_for_registry, encrypt_for_registry
from enrollment.desk.packet_errors import (
    PacketApplicationMismatch,
    PacketDeskCertExpired,
    PacketDeskMismatch,
    PacketDeskRevoked,
    PacketRegistryUntrusted,
    PacketRevocationUnknown,
    PacketSignatureInvalid,
    PacketTooLarge,
    PacketUntrustedDesk,
)
from enrollment.desk.packet_signature import sign_content, verify_content
from enrollment.icao.pki.keys import PrivateKey
from enrollment.registry.enrolment_pki import desk_id_of
from enrollment.registry.enrolment_trust import CertificateRefused, EnrolmentTrust, Problem, check_certificate

CLOCK_SKEW = timedelta(minutes=5)
ENVELOPE_OVERHEAD = 64 * 1024  # CMS structure, certificate and signature around the contents


@dataclass(frozen=True)
class DeskSigner:
    certificate: x509.Certificate
    key: PrivateKey


@dataclass(frozen=True)
class RegistryKey:
    certificate: x509.Certificate
    key: ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class OpenedPacket:
    contents: PacketContents
    desk_certificate: x509.Certificate
    signing_time: datetime
    digest: str


def packet_digest(packet: bytes) -> str:
    """SHA-256 of the sealed packet, hex: with the application id, the key of an upload."""
    return hashlib.sha256(packet).hexdigest()


def seal_packet(contents: PacketContents, desk: DeskSigner, registry: x509.Certificate, trust: EnrolmentTrust,
                now: datetime, limits: PacketLimits = DEFAULT_LIMITS) -> bytes:
    """The packet bytes for ``contents``: signed by the desk, encrypted for a registry the CA vouches for."""
    if desk_id_of(desk.certificate) != contents.desk_id:
        raise ValueError("the contents name another desk than this desk's certificate")
    try:
        check_certificate(registry, trust, "key_agreement", [now])
    except CertificateRefused as exc:
        raise PacketRegistryUntrusted(str(exc)) from None
    signed = sign_content(encode_contents(contents, limits), desk.certificate, desk.key, now)
    return encrypt_for_registry(signed, registry)


_REFUSALS = {Problem.UNTRUSTED: PacketUntrustedDesk, Problem.EXPIRED: PacketDeskCertExpired,
             Problem.REVOKED: PacketDeskRevoked, Problem.REVOCATION_UNKNOWN: PacketRevocationUnknown}


def open_packet(packet: bytes, application_id: str, registry: RegistryKey, trust: EnrolmentTrust, now: datetime,
                limits: PacketLimits = DEFAULT_LIMITS) -> OpenedPacket:
    """The verified contents of ``packet``, announced as ``application_id``; a typed PacketError otherwise."""
    if len(packet) > limits.max_content_bytes + ENVELOPE_OVERHEAD:
        raise PacketTooLarge(f"a packet is at most {limits.max_content_bytes + ENVELOPE_OVERHEAD} bytes")
    signed = verify_content(decrypt_for_registry(packet, registry.certificate, registry.key))
    if signed.signing_time > now + CLOCK_SKEW:
        raise PacketSignatureInvalid("the packet is signed in the future")
    try:
        check_certificate(signed.certificate, trust, "signature", [now, signed.signing_time])
    except CertificateRefused as exc:
        raise _REFUSALS[exc.problem](str(exc)) from None
    contents = decode_contents(signed.content, limits)
    if desk_id_of(signed.certificate) != contents.desk_id:
        raise PacketDeskMismatch("the signed desk id is not the desk certificate's")
    if contents.application_id != application_id:
        raise PacketApplicationMismatch("the signed application id is not the one uploaded")
    return OpenedPacket(contents, signed.certificate, signed.signing_time, packet_digest(packet))


def read_accepted_packet(packet: bytes, registry: RegistryKey, limits: PacketLimits = DEFAULT_LIMITS) -> PacketContents:
    """The contents of a packet the registry verified when it received it (decryption, signature and
    canonical form are checked again; the desk certificate's trust is not, as it may have expired since)."""
    signed = verify_content(decrypt_for_registry(packet, registry.certificate, registry.key))
    return decode_contents(signed.content, limits)
