"""AES secure messaging under the session keys of ICAO 9303 Part 11 Appendix G.1.

ICAO publishes no AES secure-messaging trace. The protected APDUs below are the ones two independent
public PACE implementations compute from the G.1 session keys (SSC starting at 0, IV = E(KS_enc, SSC),
CMAC over the padded SSC ‖ header ‖ DOs); the 3DES path stays pinned to Appendix D elsewhere.
"""

from __future__ import annotations

import pytest

from enrollment.icao.errors import SecureMessagingError
from enrollment.icao.protocol import aes
from enrollment.icao.protocol.aes_sm import AesSecureMessaging
from enrollment.icao.protocol.apdu import CommandApdu, ResponseApdu, decode_command

H = bytes.fromhex
KS_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
KS_MAC = H("FE251C7858B356B24514B3BD5F4297D1")


def test_padding_and_kdf_vectors() -> None:
    assert aes.pad(H("011E")) == H("011E8000000000000000000000000000")
    assert len(aes.pad(bytes(16))) == 32 and aes.unpad(aes.pad(b"abc")) == b"abc"
    k = H("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD")
    assert aes.kdf(k, 1, 16) == H("3CC5F8872F8B1471B47EEFDDFFC43F46")
    assert aes.kdf(k, 3, 32) == H("D79A23C126202AC9051FEBFBC0E8A03B1C6645D85752B4B71408FA229AB6D56B")
    for bad in (b"", bytes(16), H("01") + bytes(15), H("80") + bytes(16)):
        with pytest.raises(SecureMessagingError):
            aes.unpad(bad)


def test_select_emrtd_application_with_ssc_1_and_its_response() -> None:
    sm = AesSecureMessaging(KS_ENC, KS_MAC)
    wrapped = sm.wrap_command(CommandApdu(0x00, 0xA4, 0x04, 0x0C, H("A0000002471001")))
    assert wrapped.encode() == H("0CA4040C1D871101752F676B09FAC86A87D632749A49C7CC8E08C18BA1FCE707BD9F00")
    response = sm.unwrap_response(ResponseApdu(H("990290008E08BEA7B381C494A079"), 0x9000))
    assert response == ResponseApdu(b"", 0x9000) and sm.ssc == 2


def test_select_ef_com_then_read_binary_ssc_1_to_4() -> None:
    sm = AesSecureMessaging(KS_ENC, KS_MAC)
    select = sm.wrap_command(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E")))
    assert select.data == H("871101EE0E4724F4465C1BE9C2F73ABDD73A3D8E08835D1B54575C955F")
    sm.unwrap_response(ResponseApdu(H("990290008E08BEA7B381C494A079"), 0x9000))
    read = sm.wrap_command(CommandApdu(0x00, 0xB0, 0x00, 0x00, ne=4))
    assert read.encode() == H("0CB000000D9701048E08AA6BA54F44DF836400")
    answer = H("871101645C0B1F998A088278D07942BBE94B60990290008E0894A33C6AA2D8CCC8")
    assert sm.unwrap_response(ResponseApdu(answer, 0x9000)) == ResponseApdu(H("60145F01"), 0x9000)


def test_chip_side_round_trip_and_tampering() -> None:
    terminal, chip = AesSecureMessaging(KS_ENC, KS_MAC), AesSecureMessaging(KS_ENC, KS_MAC)
    wire = terminal.wrap_command(CommandApdu(0x00, 0xB0, 0x01, 0x02, ne=300))
    inner = chip.unwrap_command(decode_command(wire.encode()))
    assert (inner.ins, inner.p1, inner.p2, inner.ne) == (0xB0, 0x01, 0x02, 300)
    data = bytes(range(40))
    assert terminal.unwrap_response(chip.wrap_response(ResponseApdu(data, 0x9000))).data == data
    flipped = terminal.wrap_command(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("0101")))
    body = bytearray(flipped.data)
    body[5] ^= 1
    with pytest.raises(SecureMessagingError):
        chip.unwrap_command(CommandApdu(flipped.cla, flipped.ins, flipped.p1, flipped.p2, bytes(body), 256))


def test_ssc_is_sixteen_bytes_and_wraps() -> None:
    sm = AesSecureMessaging(KS_ENC, KS_MAC, (1 << 128) - 1)
    sm.wrap_command(CommandApdu(0x00, 0x84, 0x00, 0x00, ne=8))
    assert sm.ssc == 0
    with pytest.raises(SecureMessagingError):
        AesSecureMessaging(KS_ENC, KS_MAC[:8])
