"""The terminal's PACE APDUs byte for byte against ICAO 9303 Part 11 Appendix G.1, and the CCCD chip's quirks."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage
from enrollment.icao.inspection.pace_sender import perform_pace
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.lds.card_access import PaceInfo
from enrollment.icao.lds.mrz import mrz_information
from enrollment.icao.pki.keys import generate_key
from enrollment.icao.protocol import pace
from enrollment.icao.protocol.apdu import CommandApdu, ResponseApdu
from enrollment.icao.protocol.pace_params import PACE_ECDH_GM_AES_128
from enrollment.personalise import personalise
from tests.enrollment.chipkit import NOW, applicant, make_pki
from tests.enrollment.icao.protocol.test_pace_vectors import (
    NONCE_Z,
    PK_DH_IC,
    PK_DH_IFD,
    PK_MAP_IC,
    PK_MAP_IFD,
    SK_DH_IFD,
    SK_MAP_IFD,
    T_IC,
    T_IFD,
)

H = bytes.fromhex


class Transcript:
    def __init__(self, exchanges: list[tuple[str, str]]) -> None:
        self.exchanges = [(H(c), H(r)) for c, r in exchanges]

    def transmit(self, apdu: bytes) -> bytes:
        command, response = self.exchanges.pop(0)
        assert apdu.hex().upper() == command.hex().upper()
        return response


def scalars(*values: int) -> Callable[[int], bytes]:
    """An rng whose draws become exactly ``values`` through ``random_scalar``'s reduction."""
    queue = list(values)
    return lambda n: (queue.pop(0) - 1).to_bytes(n, "big")


def test_terminal_side_of_appendix_g1() -> None:
    chip = Transcript([
        ("0022C1A412800A04007F0007020204020283010184010D", "9000"),
        ("10860000027C0000", "7C1280" + "10" + NONCE_Z.hex() + "9000"),
        ("1086000045" + "7C438141" + PK_MAP_IFD.hex() + "00", "7C438241" + PK_MAP_IC.hex() + "9000"),
        ("1086000045" + "7C438341" + PK_DH_IFD.hex() + "00", "7C438441" + PK_DH_IC.hex() + "9000"),
        ("008600000C7C0A8508" + T_IFD.hex() + "00", "7C0A8608" + T_IC.hex() + "9000"),
        # the first protected command: SELECT of the eMRTD application, SSC 1
        ("0CA4040C1D871101752F676B09FAC86A87D632749A49C7CC8E08C18BA1FCE707BD9F00", "990290008E08BEA7B381C494A0799000"),
    ])
    session = ChipSession(chip)
    password = pace.mrz_password(mrz_information("T22000129", "640812", "101031"))
    outcome = perform_pace(session, PaceInfo(PACE_ECDH_GM_AES_128, 2, 13), password, scalars(SK_MAP_IFD, SK_DH_IFD))
    assert (outcome.password, outcome.parameters) == ("MRZ", "brainpoolP256r1")
    session.select_application()
    assert chip.exchanges == []


@pytest.fixture(scope="module")
def cccd() -> CardImage:
    return personalise(applicant(), make_pki().issuer(), generate_key("ecdsa-p256"), NOW, can="123456")


def sw(raw: bytes) -> int:
    return int.from_bytes(raw[-2:], "big")


def test_cccd_answers_select_mf_6d00_and_serves_card_access_directly(cccd: CardImage) -> None:
    card = VirtualCard(cccd)
    assert sw(card.transmit(H("00A4000C023F00"))) == 0x6D00
    assert sw(card.transmit(H("00A4000C"))) == 0x6D00
    answer = card.transmit(H("00B09C0000"))  # READ BINARY by short file identifier 1C, no access control
    assert sw(answer) == 0x6282 and answer[:-2] == cccd.files[0x011C]  # whole file, shorter than Le
    assert sw(card.transmit(H("00A4020C02011E"))) == 0x6A82  # EF.COM stays behind the application and PACE
    passport = personalise(applicant(layout="TD3", document_number="C01X00T47", dg13=None),
                           make_pki().issuer(), generate_key("ecdsa-p256"), NOW)
    assert sw(VirtualCard(passport).transmit(H("00A4000C023F00"))) == 0x6A82
    assert sw(VirtualCard(passport).transmit(H("0022C1A40F800A04007F00070202040202830101"))) == 0x6A86


@pytest.mark.parametrize(("apdu", "expected"), [
    ("10860000027C0000", 0x6985),  # General Authenticate before MSE:Set AT
    ("0022C1A40F800A04007F00070202040203830101", 0x6A80),  # AES-192 is not offered
    ("0022C1A40F800A04007F00070202040202830103", 0x6A80),  # PIN is no password of this chip
    ("0022C1A403800A04", 0x6A80),  # truncated OID object
    ("10B0000004", 0x6884),  # chaining is for General Authenticate only
    ("002241A40C800A04007F00070202030202", 0x6A86),  # Chip Authentication needs secure messaging
])
def test_pace_commands_refused(cccd: CardImage, apdu: str, expected: int) -> None:
    assert sw(VirtualCard(cccd).transmit(H(apdu))) == expected


def test_bad_mapping_key_resets_pace(cccd: CardImage) -> None:
    card = VirtualCard(cccd)
    assert sw(card.transmit(H("0022C1A40F800A04007F00070202040202830102"))) == 0x9000
    assert sw(card.transmit(H("10860000027C0000"))) == 0x9000
    junk = CommandApdu(0x10, 0x86, 0, 0, H("7C438141") + b"\x04" + bytes(64), 256).encode()
    assert sw(card.transmit(junk)) == 0x6A80
    assert sw(card.transmit(H("10860000027C0000"))) == 0x6985
    assert ResponseApdu(b"", 0x9000).encode() == H("9000")
