"""Fuzz of secure-messaging unwrap on both sides, past the MAC: hostile bodies carry a correct DO'8E'.

A random body almost never survives the checksum, so besides random and mutated APDUs the strategies
below compute the right retail MAC over a hostile body: the decryption, padding and DO parsing that
follow the MAC check are then exercised too. Only :class:`IcaoError` subclasses may escape.
"""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from enrollment.icao.lds import tlv
from enrollment.icao.protocol import des
from enrollment.icao.protocol.apdu import CommandApdu, ResponseApdu, decode_response
from enrollment.icao.protocol.secure_messaging import SM_CLA, SecureMessaging
from tests.enrollment.icao.fuzzkit import mutated, only_typed_errors, tree_mutated

KS_ENC, KS_MAC = bytes.fromhex("979EC13B1CBFE9DCD01AB0FED307EAE5"), bytes.fromhex("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = 0x887022120C06C226
EXAMPLES = int(os.environ.get("EGATE_FUZZ_EXAMPLES", "200"))


def _session() -> SecureMessaging:
    return SecureMessaging(KS_ENC, KS_MAC, SSC)


def _mac(prefix: bytes, body: bytes) -> bytes:
    return tlv.encode(0x8E, des.retail_mac(KS_MAC, des.pad((SSC + 1).to_bytes(8, "big") + prefix + body)))


_GENUINE_RESPONSE = _session().wrap_response(ResponseApdu(b"\x60\x14\x5f\x01\x04" + bytes(18), 0x9000)).data
_GENUINE_COMMAND = _session().wrap_command(CommandApdu(0x00, 0xB0, 0x00, 0x00, ne=0xDF)).data
_DO87 = st.binary(max_size=40).map(lambda b: tlv.encode(0x87, b))
_BODY = st.one_of(
    st.binary(max_size=60),
    st.lists(st.one_of(_DO87, st.binary(max_size=4).map(lambda b: tlv.encode(0x99, b)),
                       st.binary(max_size=4).map(lambda b: tlv.encode(0x97, b))), max_size=3).map(b"".join),
)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(st.binary(max_size=80), mutated(_GENUINE_RESPONSE + b"\x90\x00")))
def test_unwrap_response_of_random_bytes(raw: bytes) -> None:
    only_typed_errors(lambda r: _session().unwrap_response(decode_response(r)), raw)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(_BODY, tree_mutated(_GENUINE_RESPONSE[:-10])), st.sampled_from([0x9000, 0x6282, 0x6A82]))
def test_unwrap_response_with_a_valid_mac_over_a_hostile_body(body: bytes, sw: int) -> None:
    response = ResponseApdu(body + _mac(b"", body), sw)
    only_typed_errors(lambda _: _session().unwrap_response(response), b"")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(_BODY, tree_mutated(_GENUINE_COMMAND[:-10])), st.integers(0, 255), st.integers(0, 255))
def test_unwrap_command_with_a_valid_mac_over_a_hostile_body(body: bytes, ins: int, p1: int) -> None:
    header = bytes([SM_CLA, ins, p1, 0])
    command = CommandApdu(SM_CLA, ins, p1, 0, body + _mac(des.pad(header), body))
    only_typed_errors(lambda _: _session().unwrap_command(command), b"")


def test_the_mac_helper_matches_the_session() -> None:
    """The strategies' MAC is the real one: a genuine body with it unwraps."""
    body = _GENUINE_RESPONSE[:-10]
    assert _session().unwrap_response(ResponseApdu(body + _mac(b"", body), 0x9000)).sw == 0x9000
    header = des.pad(bytes([SM_CLA, 0xB0, 0, 0]))
    command_body = _GENUINE_COMMAND[:-10]
    inner = _session().unwrap_command(CommandApdu(SM_CLA, 0xB0, 0, 0, command_body + _mac(header, command_body)))
    assert (inner.ins, inner.ne) == (0xB0, 0xDF)
