"""PACE ECDH Generic Mapping against the worked example of ICAO 9303 Part 11 Appendix G.1.

brainpoolP256r1, id-PACE-ECDH-GM-AES-CBC-CMAC-128, MRZ password of the sample document
(T22000129, born 640812, expires 101031). Values as published in the Appendix (the same example is
BSI TR-03110's); several public implementations pin the same numbers.
"""

from __future__ import annotations

import pytest

from enrollment.icao.errors import PaceError
from enrollment.icao.lds.mrz import mrz_information
from enrollment.icao.protocol import ec_points, pace
from enrollment.icao.protocol.pace_params import DOMAIN_PARAMETERS, PACE_ECDH_GM_AES_128

H = bytes.fromhex
BP256 = DOMAIN_PARAMETERS[13]
K_MRZ = H("7E2D2A41C74EA0B38CD36F863939BFA8E9032AAD")
K_PI = H("89DED1B26624EC1E634C1989302849DD")
NONCE_Z = H("95A3A016522EE98D01E76CB6B98B42C3")
NONCE_S = H("3F00C4D39D153F2B2A214A078D899B22")
SK_MAP_IFD = int("7F4EF07B9EA82FD78AD689B38D0BC78CF21F249D953BC46F4C6E19259C010F99", 16)
PK_MAP_IFD = H("047ACF3EFC982EC45565A4B155129EFBC74650DCBFA6362D896FC70262E0C2CC5E"
               "544552DCB6725218799115B55C9BAA6D9F6BC3A9618E70C25AF71777A9C4922D")
SK_MAP_IC = int("498FF49756F2DC1587840041839A85982BE7761D14715FB091EFA7BCE9058560", 16)
PK_MAP_IC = H("04824FBA91C9CBE26BEF53A0EBE7342A3BF178CEA9F45DE0B70AA601651FBA3F57"
              "30D8C879AAA9C9F73991E61B58F4D52EB87A0A0C709A49DC63719363CCD13C54")
G_MAPPED = H("048CED63C91426D4F0EB1435E7CB1D74A46723A0AF21C89634F65A9AE87A9265E2"
             "8C879506743F8611AC33645C5B985C80B5F09A0B83407C1B6A4D857AE76FE522")
SK_DH_IFD = int("A73FB703AC1436A18E0CFA5ABB3F7BEC7A070E7A6788486BEE230C4A22762595", 16)
PK_DH_IFD = H("042DB7A64C0355044EC9DF190514C625CBA2CEA48754887122F3A5EF0D5EDD301C"
              "3556F3B3B186DF10B857B58F6A7EB80F20BA5DC7BE1D43D9BF850149FBB36462")
SK_DH_IC = int("107CF58696EF6155053340FD633392BA81909DF7B9706F226F32086C7AFF974A", 16)
PK_DH_IC = H("049E880F842905B8B3181F7AF7CAA9F0EFB743847F44A306D2D28C1D9EC65DF6DB"
             "7764B22277A2EDDC3C265A9F018F9CB852E111B768B326904B59A0193776F094")
SHARED = H("28768D20701247DAE81804C9E780EDE582A9996DB4A315020B2733197DB84925")
KS_ENC = H("F5F0E35C0D7161EE6724EE513A0D9A7F")
KS_MAC = H("FE251C7858B356B24514B3BD5F4297D1")
T_IFD = H("C2B0BD78D94BA866")
T_IC = H("3ABB9674BCE93C08")


def test_mrz_password_and_password_key() -> None:
    password = pace.mrz_password(mrz_information("T22000129", "640812", "101031"))
    assert password.secret == K_MRZ and password.name == "MRZ"
    assert pace.password_key(password) == K_PI


def test_can_password_is_its_ascii_digits() -> None:
    password = pace.can_password("123456")
    assert password.secret == b"123456" and password.name == "CAN"
    # SHA-1("123456" ‖ 00000003)[:16], as other PACE implementations pin it
    assert pace.password_key(password) == H("591468CDA83D65219CCCB8560233600F")


@pytest.mark.parametrize("bad", ["12345", "1234567", "12345a", "١٢٣٤٥٦"])
def test_can_must_be_six_ascii_digits(bad: str) -> None:
    with pytest.raises(PaceError):
        pace.can_password(bad)


def test_nonce_encryption_round_trip() -> None:
    assert pace.decrypt_nonce(K_PI, NONCE_Z) == NONCE_S
    assert pace.encrypt_nonce(K_PI, NONCE_S) == NONCE_Z
    with pytest.raises(PaceError):
        pace.decrypt_nonce(K_PI, NONCE_Z[:-1])


def test_mapping_keys_and_mapped_generator_from_both_sides() -> None:
    terminal = pace.key_on(BP256, ec_points.generator(BP256), SK_MAP_IFD)
    chip = pace.key_on(BP256, ec_points.generator(BP256), SK_MAP_IC)
    assert terminal.public == PK_MAP_IFD and chip.public == PK_MAP_IC
    from_terminal = pace.mapped_generator(BP256, NONCE_S, terminal, PK_MAP_IC)
    from_chip = pace.mapped_generator(BP256, NONCE_S, chip, PK_MAP_IFD)
    assert ec_points.encode_point(BP256, from_terminal) == G_MAPPED
    assert ec_points.encode_point(BP256, from_chip) == G_MAPPED


def test_agreement_keys_without_forming_the_mapped_generator() -> None:
    terminal = pace.key_on(BP256, ec_points.generator(BP256), SK_MAP_IFD)
    chip = pace.key_on(BP256, ec_points.generator(BP256), SK_MAP_IC)
    assert pace.mapping_key(BP256, lambda n: (SK_MAP_IFD - 1).to_bytes(n, "big")) == terminal
    assert pace.agreement_key(BP256, NONCE_S, terminal, PK_MAP_IC, SK_DH_IFD).public == PK_DH_IFD
    assert pace.agreement_key(BP256, NONCE_S, chip, PK_MAP_IFD, SK_DH_IC).public == PK_DH_IC
    with pytest.raises(PaceError):
        pace.agreement_key(BP256, NONCE_S, chip, PK_MAP_IFD[:-1] + b"\x00", SK_DH_IC)


def test_key_agreement_session_keys_and_tokens() -> None:
    g_mapped = ec_points.decode_point(BP256, G_MAPPED)
    terminal = pace.key_on(BP256, g_mapped, SK_DH_IFD)
    chip = pace.key_on(BP256, g_mapped, SK_DH_IC)
    assert terminal.public == PK_DH_IFD and chip.public == PK_DH_IC
    assert ec_points.shared_x(BP256, SK_DH_IFD, PK_DH_IC) == SHARED
    keys = pace.agree(BP256, terminal, PK_DH_IC, PK_MAP_IC)
    assert (keys.ks_enc, keys.ks_mac) == (KS_ENC, KS_MAC)
    assert pace.agree(BP256, chip, PK_DH_IFD, PK_MAP_IFD) == keys
    assert pace.public_key_object(PACE_ECDH_GM_AES_128, PK_DH_IC).hex().upper().startswith(
        "7F494F060A04007F000702020402028641")
    assert pace.token(keys, PACE_ECDH_GM_AES_128, PK_DH_IC) == T_IFD
    assert pace.token(keys, PACE_ECDH_GM_AES_128, PK_DH_IFD) == T_IC
    pace.verify_token(keys, PACE_ECDH_GM_AES_128, PK_DH_IFD, T_IC)
    with pytest.raises(PaceError):
        pace.verify_token(keys, PACE_ECDH_GM_AES_128, PK_DH_IFD, T_IFD)


def test_peer_reusing_its_mapping_key_or_sending_junk_is_refused() -> None:
    own = pace.key_on(BP256, ec_points.decode_point(BP256, G_MAPPED), SK_DH_IFD)
    with pytest.raises(PaceError):
        pace.agree(BP256, own, PK_MAP_IC, PK_MAP_IC)
    off_curve = PK_DH_IC[:-1] + bytes([PK_DH_IC[-1] ^ 1])
    with pytest.raises(PaceError):
        pace.agree(BP256, own, off_curve, PK_MAP_IC)
    with pytest.raises(PaceError):
        pace.mapped_generator(BP256, NONCE_S, own, PK_MAP_IC[:33])


def test_point_arithmetic_runs_on_gmpy2() -> None:
    """python-ecdsa falls back to Python integers silently; gmpy2 (a dependency) halves PACE's time."""
    from ecdsa import ellipticcurve

    assert ellipticcurve.GMPY
