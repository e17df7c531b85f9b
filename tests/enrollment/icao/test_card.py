"""The virtual chip's command set and status words, driven with raw APDU bytes."""

from __future__ import annotations

from pathlib import Path

import pytest

from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage, load_card, save_card
from enrollment.icao.lds import registry
from enrollment.icao.lds.mrz import mrz_information
from enrollment.icao.protocol import bac
from enrollment.icao.protocol.apdu import CommandApdu, ResponseApdu, decode_response
from enrollment.icao.protocol.secure_messaging import SecureMessaging
from tests.enrollment.chipkit import issue, make_pki

H = bytes.fromhex
SELECT_AID = H("00A4040C07A0000002471001")
INFO = mrz_information("001099012345", "990101", "390101")


@pytest.fixture(scope="module")
def image() -> CardImage:
    return issue(make_pki())


def sw(response: bytes) -> int:
    return int.from_bytes(response[-2:], "big")


def open_session(card: VirtualCard, info: bytes = INFO) -> SecureMessaging:
    assert sw(card.transmit(SELECT_AID)) == 0x9000
    rnd_ic = card.transmit(H("0084000008"))[:-2]
    keys = bac.bac_keys(info)
    rnd_ifd, k_ifd = bytes(range(8)), bytes(range(16))
    data = bac.ifd_authenticate(keys, rnd_ic, rnd_ifd, k_ifd)
    answer = card.transmit(CommandApdu(0, 0x82, 0, 0, data, 40).encode())
    assert sw(answer) == 0x9000
    return bac.ifd_complete(keys, rnd_ic, rnd_ifd, k_ifd, answer[:-2]).messaging()


def send(card: VirtualCard, sm: SecureMessaging, command: CommandApdu) -> ResponseApdu:
    return sm.unwrap_response(decode_response(card.transmit(sm.wrap_command(command).encode())))


def select(fid: int) -> CommandApdu:
    return CommandApdu(0, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big"))


@pytest.mark.parametrize(("apdu", "expected"), [
    ("00A4", 0x6700),  # too short
    ("00A4020C03011E", 0x6700),  # Lc disagrees with the data
    ("00A4020C02011E", 0x6A82),  # EF before the application is selected
    ("00B0000004", 0x6986),  # no current EF
    ("00CA000000", 0x6D00),  # unknown instruction
    ("80A4040C07A0000002471001", 0x6E00),  # proprietary class
    ("0084000004", 0x6700),  # challenge must be 8 bytes
    ("0084010008", 0x6A86),
    (CommandApdu(0, 0x82, 0, 0, bytes(40), 40).encode().hex(), 0x6985),  # no challenge issued
    ("0088000008010203040506070800", 0x6982),  # AA needs secure messaging
    ("0CB0000004", 0x6987),  # protected command without a session
    ("00A4040C07A0000002471002", 0x6A82),  # unknown application
])
def test_status_words_before_bac(image: CardImage, apdu: str, expected: int) -> None:
    assert sw(VirtualCard(image).transmit(H(apdu))) == expected


def test_wrong_bac_key_gives_6300(image: CardImage) -> None:
    card = VirtualCard(image)
    card.transmit(SELECT_AID)
    rnd_ic = card.transmit(H("0084000008"))[:-2]
    data = bac.ifd_authenticate(bac.bac_keys(mrz_information("001099012346", "990101", "390101")),
                                rnd_ic, bytes(8), bytes(16))
    assert sw(card.transmit(CommandApdu(0, 0x82, 0, 0, data, 40).encode())) == 0x6300
    assert sw(card.transmit(H("00A4020C02011E"))) == 0x6982


def test_reading_through_secure_messaging(image: CardImage) -> None:
    card = VirtualCard(image)
    sm = open_session(card)
    assert send(card, sm, select(registry.COM.fid)).sw == 0x9000
    head = send(card, sm, CommandApdu(0, 0xB0, 0, 0, ne=4))
    com = image.files[registry.COM.fid]
    assert head.data == com[:4]
    tail = send(card, sm, CommandApdu(0, 0xB0, 0, 4, ne=256))
    assert (tail.data, tail.sw) == (com[4:], 0x6282)  # fewer bytes than Le: end of file
    assert send(card, sm, CommandApdu(0, 0xB0, 0x7F, 0, ne=1)).sw == 0x6B00
    assert send(card, sm, CommandApdu(0, 0xB0, 0, 0)).sw == 0x6700  # no Le


def test_extended_length_and_short_file_identifier(image: CardImage) -> None:
    card = VirtualCard(image)
    sm = open_session(card)
    dg2 = image.files[registry.dg(2).fid]
    first = send(card, sm, CommandApdu(0, 0xB0, 0x80 | registry.dg(2).sfi, 0, ne=200))
    assert first.data == dg2[:200]
    big = send(card, sm, CommandApdu(0, 0xB0, 0, 200, ne=4000))
    assert big.data == dg2[200:4200]


def test_missing_file_dg3_protection_and_aa(image: CardImage) -> None:
    card = VirtualCard(image)
    sm = open_session(card)
    assert send(card, sm, select(0x0104)).sw == 0x6A82
    assert send(card, sm, select(registry.dg(3).fid)).sw == 0x6982  # EAC condition not met
    assert send(card, sm, CommandApdu(0, 0x88, 0, 0, bytes(7), 256)).sw == 0x6700
    assert len(send(card, sm, CommandApdu(0, 0x88, 0, 0, bytes(8), 256)).data) == 64


def test_tampered_mac_ends_the_session(image: CardImage) -> None:
    card = VirtualCard(image)
    sm = open_session(card)
    wrapped = bytearray(sm.wrap_command(select(registry.COM.fid)).encode())
    wrapped[-3] ^= 0x01
    assert sw(card.transmit(bytes(wrapped))) == 0x6988
    assert sw(card.transmit(sm.wrap_command(select(registry.COM.fid)).encode())) == 0x6987


def test_no_apdu_reveals_the_aa_private_key(image: CardImage) -> None:
    card = VirtualCard(image)
    sm = open_session(card)
    secret = image.aa_private_key_pem
    for fid in range(0x0100, 0x0120):
        if send(card, sm, select(fid)).sw == 0x9000:
            data = send(card, sm, CommandApdu(0, 0xB0, 0, 0, ne=65536)).data
            assert data == image.files[fid] and b"PRIVATE" not in data and secret not in data


def test_card_file_round_trip(image: CardImage, tmp_path: Path) -> None:
    path = tmp_path / "card.json"
    path.write_text("an old world-readable file")
    path.chmod(0o644)
    save_card(image, path)
    assert path.stat().st_mode & 0o077 == 0
    assert load_card(path) == image


def test_plain_command_during_a_session_ends_it(image: CardImage) -> None:
    card = VirtualCard(image)
    sm = open_session(card)
    assert sw(card.transmit(H("00A4020C02011E"))) == 0x6982
    assert sw(card.transmit(sm.wrap_command(select(registry.COM.fid)).encode())) == 0x6987


def test_dg3_rights_end_with_the_session_that_earned_them() -> None:
    """Terminal authentication in one session must not leave DG3 readable from the next one."""
    from enrollment.icao.errors import IcaoError
    from enrollment.icao.inspection.sender import ChipSession
    from tests.enrollment.chipkit import applicant

    pki = make_pki()
    who = applicant()
    card = VirtualCard(issue(pki))
    info = mrz_information(who.document_number, who.birth_date, who.expiry_date)
    dg3 = registry.dg(3).fid
    first = ChipSession(card)
    first.select_application()
    first.basic_access_control(info)
    first.terminal_authenticate(pki.terminal_key, who.document_number)
    assert first.read_file(dg3)  # the authenticated terminal reads DG3
    first.send(CommandApdu(0, 0xA4, 2, 0x0C, dg3.to_bytes(2, "big")))  # and leaves it selected

    second = ChipSession(card)
    second.basic_access_control(info)  # a new session, no terminal authentication
    with pytest.raises(IcaoError):
        second._read(0, 8)
