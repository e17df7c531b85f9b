"""Seal at the desk, open at the registry — and every way a packet is refused, each with its code."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.desk.packet_codec import encode_contents
from enrollment.desk.packet_envelope import encrypt_for_registry
from enrollment.desk.packet_errors import PacketError
from enrollment.desk.packet_seal import RegistryKey, open_packet, packet_digest, seal_packet
from enrollment.desk.packet_signature import sign_content
from tests.enrollment.desk.packetkit import NOW, contents, make_pki, sealed


def _code(call: object) -> str:
    assert callable(call)
    with pytest.raises(PacketError) as caught:
        call()
    return caught.value.code


def test_round_trip_gives_the_contents_the_desk_certificate_and_the_digest() -> None:
    pki, original = make_pki(), contents(1)
    packet = sealed(pki, original)
    opened = open_packet(packet, original.application_id, pki.registry, pki.trust, NOW + timedelta(hours=2))
    assert opened.contents == original
    assert opened.desk_certificate == pki.desk.certificate
    assert opened.digest == packet_digest(packet)
    assert original.face_jpeg not in packet and b"NGUY" not in packet  # encrypted


def test_tampered_ciphertext_is_decrypt_failed() -> None:
    pki, original = make_pki(), contents(2)
    packet = bytearray(sealed(pki, original))
    packet[-40] ^= 0x01  # inside the encrypted content, before the GCM tag
    assert _code(lambda: open_packet(bytes(packet), original.application_id, pki.registry, pki.trust, NOW)) \
        == "PACKET_DECRYPT_FAILED"


def test_a_registry_with_the_right_certificate_but_another_key_cannot_decrypt() -> None:
    pki, original = make_pki(), contents(3)
    impostor = RegistryKey(pki.registry.certificate, ec.generate_private_key(ec.SECP256R1()))
    assert _code(lambda: open_packet(sealed(pki, original), original.application_id, impostor, pki.trust, NOW)) \
        == "PACKET_DECRYPT_FAILED"


def test_a_packet_for_another_registry_is_wrong_recipient() -> None:
    pki, other, original = make_pki(), make_pki(), contents(4)
    packet = seal_packet(original, other.desk, other.registry.certificate, other.trust, NOW)
    assert _code(lambda: open_packet(packet, original.application_id, pki.registry, pki.trust, NOW)) \
        == "PACKET_WRONG_RECIPIENT"


def _signed_then(pki: object, signed: bytes) -> bytes:
    return encrypt_for_registry(signed, pki.registry.certificate)  # type: ignore[attr-defined]


def test_a_tampered_signature_is_signature_invalid() -> None:
    pki, original = make_pki(), contents(5)
    signed = bytearray(sign_content(encode_contents(original), pki.desk.certificate, pki.desk.key, NOW))
    signed[-10] ^= 0x40  # inside the ECDSA signature, the last field of the SignedData
    packet = _signed_then(pki, bytes(signed))
    assert _code(lambda: open_packet(packet, original.application_id, pki.registry, pki.trust, NOW)) \
        == "PACKET_SIGNATURE_INVALID"


def test_contents_changed_after_signing_are_signature_invalid() -> None:
    pki, original = make_pki(), contents(6)
    signed = sign_content(encode_contents(original), pki.desk.certificate, pki.desk.key, NOW)
    name = "NGUYỄN VĂN AN".encode()
    forged = signed.replace(name, "NGUYỄN VĂN BA".encode())
    assert forged != signed
    packet = _signed_then(pki, forged)
    assert _code(lambda: open_packet(packet, original.application_id, pki.registry, pki.trust, NOW)) \
        == "PACKET_SIGNATURE_INVALID"


def test_a_desk_certificate_from_another_ca_is_untrusted() -> None:
    pki, stranger, original = make_pki(), make_pki(), contents(7)
    signed = sign_content(encode_contents(original), stranger.desk.certificate, stranger.desk.key, NOW)
    assert _code(lambda: open_packet(_signed_then(pki, signed), original.application_id, pki.registry, pki.trust,
                                     NOW)) == "PACKET_UNTRUSTED_DESK"


def test_the_registry_certificate_cannot_sign_packets() -> None:
    pki, original = make_pki(), contents(8)
    signed = sign_content(encode_contents(original), pki.registry.certificate, pki.registry.key, NOW)
    assert _code(lambda: open_packet(_signed_then(pki, signed), original.application_id, pki.registry, pki.trust,
                                     NOW)) == "PACKET_UNTRUSTED_DESK"


def test_an_expired_desk_certificate_is_refused() -> None:
    pki, original = make_pki(), contents(9)
    old_desk = pki.desk_for(original.desk_id, issued=NOW - timedelta(days=40), days=30)
    signed = sign_content(encode_contents(original), old_desk.certificate, old_desk.key, NOW)
    assert _code(lambda: open_packet(_signed_then(pki, signed), original.application_id, pki.registry, pki.trust,
                                     NOW)) == "PACKET_DESK_CERT_EXPIRED"


def test_a_packet_signed_in_time_but_received_after_expiry_is_refused() -> None:
    pki, original = make_pki(), contents(10)
    desk = pki.desk_for(original.desk_id, issued=NOW - timedelta(days=29), days=30)
    packet = seal_packet(original, desk, pki.registry.certificate, pki.trust, NOW)
    assert _code(lambda: open_packet(packet, original.application_id, pki.registry, pki.trust,
                                     NOW + timedelta(days=2))) == "PACKET_DESK_CERT_EXPIRED"


def test_a_revoked_desk_is_refused() -> None:
    pki, original = make_pki(), contents(11)
    packet = sealed(pki, original)
    trust = pki.with_revoked(pki.desk.certificate.serial_number)
    assert _code(lambda: open_packet(packet, original.application_id, pki.registry, trust, NOW)) \
        == "PACKET_DESK_REVOKED"


def test_a_crl_not_signed_by_the_ca_revokes_nothing() -> None:
    pki, other, original = make_pki(), make_pki(), contents(12)
    foreign = other.with_revoked(pki.desk.certificate.serial_number)
    trust = type(pki.trust)(pki.trust.cas, foreign.crls)
    assert open_packet(sealed(pki, original), original.application_id, pki.registry, trust, NOW).contents == original


def test_the_uploaded_application_id_must_be_the_signed_one() -> None:
    pki, original, other = make_pki(), contents(13), contents(14)
    assert _code(lambda: open_packet(sealed(pki, original), other.application_id, pki.registry, pki.trust, NOW)) \
        == "PACKET_APPLICATION_MISMATCH"


def test_a_desk_cannot_sign_for_another_desk() -> None:
    pki, original = make_pki(), contents(15, desk_id="desk-saigon-2")
    signed = sign_content(encode_contents(original), pki.desk.certificate, pki.desk.key, NOW)
    assert _code(lambda: open_packet(_signed_then(pki, signed), original.application_id, pki.registry, pki.trust,
                                     NOW)) == "PACKET_DESK_MISMATCH"
    with pytest.raises(ValueError, match="another desk"):
        seal_packet(original, pki.desk, pki.registry.certificate, pki.trust, NOW)


def test_a_packet_signed_in_the_future_is_refused() -> None:
    pki, original = make_pki(), contents(16)
    packet = sealed(pki, original, NOW + timedelta(hours=1))
    assert _code(lambda: open_packet(packet, original.application_id, pki.registry, pki.trust, NOW)) \
        == "PACKET_SIGNATURE_INVALID"


def test_the_desk_refuses_to_encrypt_for_an_untrusted_registry() -> None:
    pki, stranger = make_pki(), make_pki()
    assert _code(lambda: seal_packet(contents(17), pki.desk, stranger.registry.certificate, pki.trust, NOW)) \
        == "PACKET_REGISTRY_UNTRUSTED"
    assert _code(lambda: seal_packet(contents(17), pki.desk, pki.desk.certificate, pki.trust, NOW)) \
        == "PACKET_REGISTRY_UNTRUSTED"


def test_an_oversized_upload_is_refused_before_decryption() -> None:
    pki = make_pki()
    assert _code(lambda: open_packet(b"\x30" * (33 * 1024 * 1024), "0" * 32, pki.registry, pki.trust, NOW)) \
        == "PACKET_TOO_LARGE"
