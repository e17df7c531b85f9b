from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrollment.icao.errors import ApduError
from enrollment.icao.protocol.apdu import CommandApdu, decode_command, decode_response

H = bytes.fromhex


@pytest.mark.parametrize(("raw", "data", "ne"), [
    ("00A4020C02011E", "011E", 0),
    ("00B0000004", "", 4),
    ("00B0000000", "", 256),
    ("00B00000000100", "", 256),
    ("00B00000000000", "", 65536),
    ("0084000008", "", 8),
    ("00880000080102030405060708" + "00", "0102030405060708", 256),
])
def test_decode_cases(raw: str, data: str, ne: int) -> None:
    command = decode_command(H(raw))
    assert (command.data, command.ne) == (H(data), ne)


def test_extended_case_4_round_trip() -> None:
    command = CommandApdu(0x0C, 0xB0, 0x00, 0x10, bytes(300), 65536)
    encoded = command.encode()
    assert encoded[4:7] == H("00012C") and encoded[-2:] == H("0000")
    assert decode_command(encoded) == command


@pytest.mark.parametrize("raw", ["", "00", "00A402", "00A4020C03011E", "00A4020C0201", "00A4020C0000",
                                 "00B0000000FF", "00B000000001", "00B000000000030102"])
def test_wrong_lengths_are_rejected(raw: str) -> None:
    with pytest.raises(ApduError):
        decode_command(H(raw))


def test_response_needs_a_status_word() -> None:
    assert decode_response(H("01029000")).data == H("0102")
    with pytest.raises(ApduError):
        decode_response(H("90"))


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=300))
def test_fuzz_command_decoder_raises_only_apdu_errors(raw: bytes) -> None:
    try:
        command = decode_command(raw)
    except ApduError:
        return
    assert decode_command(command.encode()) == command


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 255), st.integers(0, 255), st.binary(max_size=400),
       st.sampled_from([0, 1, 8, 255, 256, 257, 4096, 65536]))
def test_fuzz_command_round_trip(ins: int, p1: int, data: bytes, ne: int) -> None:
    command = CommandApdu(0x00, ins, p1, 0x00, data, ne)
    assert decode_command(command.encode()) == command
