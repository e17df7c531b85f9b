"""ICAO 9303 Part 11 Appendix D worked example (BAC and secure messaging) as known-answer tests."""

from __future__ import annotations

from enrollment.icao.lds.mrz import mrz_information
from enrollment.icao.protocol import bac, des
from enrollment.icao.protocol.apdu import CommandApdu, ResponseApdu, decode_response
from enrollment.icao.protocol.secure_messaging import SecureMessaging

H = bytes.fromhex
RND_IC, RND_IFD = H("4608F91988702212"), H("781723860C06C226")
K_IFD, K_IC = H("0B795240CB7049B01C19B33E32804F0B"), H("0B4F80323EB3191CB04970CB4052790B")
KS_ENC, KS_MAC = H("979EC13B1CBFE9DCD01AB0FED307EAE5"), H("F1CB1F1FB5ADF208806B89DC579DC1F8")
EIFD_MIFD = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7")
EIC_MIC = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")


def test_d2_key_derivation() -> None:
    info = mrz_information("L898902C<", "690806", "940623")
    assert info == b"L898902C<369080619406236"
    assert bac.key_seed(info) == H("239AB9CB282DAF66231DC5A4DF6BFBAE")
    keys = bac.bac_keys(info)
    assert keys.k_enc == H("AB94FDECF2674FDFB9B391F85D7F76F2")
    assert keys.k_mac == H("7962D9ECE03D1ACD4C76089DCE131543")


def test_long_document_number_key_input() -> None:
    assert mrz_information("D23145890734", "340712", "950712") == b"D23145890734934071279507122"


def test_d3_mutual_authentication_both_sides() -> None:
    keys = bac.bac_keys(mrz_information("L898902C<", "690806", "940623"))
    assert bac.ifd_authenticate(keys, RND_IC, RND_IFD, K_IFD) == EIFD_MIFD
    answer, chip_session = bac.chip_respond(keys, RND_IC, EIFD_MIFD, K_IC)
    assert answer == EIC_MIC
    session = bac.ifd_complete(keys, RND_IC, RND_IFD, K_IFD, EIC_MIC)
    assert session == chip_session
    assert (session.ks_enc, session.ks_mac, session.ssc) == (KS_ENC, KS_MAC, 0x887022120C06C226)
    assert des.derive_key(H("0036D272F5C350ACAC50C3F572D23600"), 1) == KS_ENC


def test_d4_secure_messaging_select_and_reads() -> None:
    sm = SecureMessaging(KS_ENC, KS_MAC, 0x887022120C06C226)
    select = sm.wrap_command(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E")))
    assert select.encode() == H("0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800")
    assert sm.unwrap_response(decode_response(H("990290008E08FA855A5D4C50A8ED9000"))).sw == 0x9000
    read = sm.wrap_command(CommandApdu(0x00, 0xB0, 0x00, 0x00, ne=4))
    assert read.encode() == H("0CB000000D9701048E08ED6705417E96BA5500")
    first = sm.unwrap_response(decode_response(H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")))
    assert first.data == H("60145F01")
    read = sm.wrap_command(CommandApdu(0x00, 0xB0, 0x00, 0x04, ne=0x12))
    assert read.encode() == H("0CB000040D9701128E082EA28A70F3C7B53500")
    rest = sm.unwrap_response(decode_response(H(
        "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000")))
    assert rest.data == H("04303130365F36063034303030305C026175")
    assert sm.ssc == 0x887022120C06C22C


def test_d4_chip_side_reproduces_the_responses() -> None:
    reader = SecureMessaging(KS_ENC, KS_MAC, 0x887022120C06C226)
    chip = SecureMessaging(KS_ENC, KS_MAC, 0x887022120C06C226)
    inner = chip.unwrap_command(reader.wrap_command(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("011E"))))
    assert (inner.ins, inner.data) == (0xA4, H("011E"))
    answer = chip.wrap_response(ResponseApdu(b"", 0x9000))
    assert answer.encode() == H("990290008E08FA855A5D4C50A8ED9000")
    reader.unwrap_response(answer)
    chip.unwrap_command(reader.wrap_command(CommandApdu(0x00, 0xB0, 0x00, 0x00, ne=4)))
    wrapped = chip.wrap_response(ResponseApdu(H("60145F01"), 0x9000))
    assert wrapped.encode() == H("8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000")


def test_retail_mac_and_padding() -> None:
    assert des.pad(H("011E")) == H("011E800000000000")
    assert des.unpad(des.pad(b"")) == b""
    mac = des.retail_mac(H("7962D9ECE03D1ACD4C76089DCE131543"), des.pad(EIFD_MIFD[:32]))
    assert mac == EIFD_MIFD[32:]
