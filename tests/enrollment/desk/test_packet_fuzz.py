"""Fuzz of the packet parsers: random bytes, byte-level and DER-structure-aware mutations of a valid
packet at each layer (contents, signed, encrypted). Only :class:`PacketError` may escape; any other
exception fails. ``EGATE_FUZZ_EXAMPLES`` (default 100) deepens the run."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment.desk.packet import PacketContents
from enrollment.desk.packet_codec import decode_contents, encode_contents
from enrollment.desk.packet_envelope import decrypt_for_registry, encrypt_for_registry
from enrollment.desk.packet_errors import PacketError
from enrollment.desk.packet_seal import open_packet
from enrollment.desk.packet_signature import sign_content, verify_content
from tests.enrollment.desk.packetkit import NOW, Pki, contents, make_pki, sealed
from tests.enrollment.icao.fuzzkit import hostile

EXAMPLES = int(os.environ.get("EGATE_FUZZ_EXAMPLES", "100"))
PKI: Pki = make_pki()
SMALL: PacketContents = dataclasses.replace(
    contents(1), face_jpeg=b"\xff\xd8face", finger_images={2: b"png2"}, iris_images={"left": b"pngL"},
    finger_templates={2: b"t2", 7: b"t7"}, iris_templates={"left": b"iL", "right": b"iR"})
CONTENT = encode_contents(SMALL)
SIGNED = sign_content(CONTENT, PKI.desk.certificate, PKI.desk.key, NOW)
PACKET = sealed(PKI, SMALL)


def _only_packet_errors(parse: Callable[[bytes], object], data: bytes) -> None:
    with contextlib.suppress(PacketError):  # a typed refusal is the expected outcome; anything else fails
        parse(data)


def test_the_samples_are_valid() -> None:
    assert decode_contents(CONTENT) == SMALL
    assert verify_content(SIGNED).content == CONTENT
    assert open_packet(PACKET, SMALL.application_id, PKI.registry, PKI.trust, NOW).contents == SMALL


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile(CONTENT))
def test_contents_parser(data: bytes) -> None:
    _only_packet_errors(decode_contents, data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile(SIGNED))
def test_signed_layer_parser(data: bytes) -> None:
    _only_packet_errors(verify_content, data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile(PACKET))
def test_envelope_parser(data: bytes) -> None:
    _only_packet_errors(lambda d: decrypt_for_registry(d, PKI.registry.certificate, PKI.registry.key), data)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(hostile(SIGNED), hostile(CONTENT).map(
    lambda c: sign_content(c, PKI.desk.certificate, PKI.desk.key, NOW))))
def test_whole_packet_with_hostile_insides_that_decrypt(inner: bytes) -> None:
    """Mutations re-encrypted properly, so they reach signature checking and the contents parser."""
    packet = encrypt_for_registry(inner, PKI.registry.certificate)
    _only_packet_errors(lambda d: open_packet(d, SMALL.application_id, PKI.registry, PKI.trust, NOW), packet)
