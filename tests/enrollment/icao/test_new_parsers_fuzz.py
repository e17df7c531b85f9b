"""Short fuzz of the parsers added for PACE, CA and master lists: only the project's typed errors escape."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment.icao.errors import IcaoError
from enrollment.icao.lds.card_access import PaceInfo, decode_card_access, encode_card_access
from enrollment.icao.lds.chip_auth_info import decode_chip_auth
from enrollment.icao.pki.keys import generate_key
from enrollment.icao.pki.master_list import build_master_list, verify_master_list
from enrollment.icao.pki.master_list_signer import issue_master_list_signer
from enrollment.icao.protocol import general_authenticate
from enrollment.icao.protocol.pace_params import PACE_ECDH_GM_AES_128
from tests.enrollment.chipkit import NOW, Pki, make_pki

CARD_ACCESS = encode_card_access([PaceInfo(PACE_ECDH_GM_AES_128, 2, 13), PaceInfo(PACE_ECDH_GM_AES_128, 2, 12)])
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def mutate(data: bytes, edits: list[tuple[int, int]], cut: int) -> bytes:
    buf = bytearray(data)
    for position, value in edits:
        buf[position % len(buf)] = value
    return bytes(buf[: len(buf) - cut % len(buf)] if cut else buf)


edits = st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), max_size=4)


@FUZZ
@given(st.one_of(st.binary(max_size=80), st.builds(mutate, st.just(CARD_ACCESS), edits, st.integers(0, 40))))
def test_card_access(data: bytes) -> None:
    with contextlib.suppress(IcaoError):
        decode_card_access(data)


@FUZZ
@given(st.binary(max_size=120), st.sampled_from([None, 0x80, 0x82, 0x84, 0x86]))
def test_general_authenticate_answers(data: bytes, tag: int | None) -> None:
    for parse in (lambda: general_authenticate.decode_dynamic_auth(data, tag),
                  lambda: general_authenticate.decode_mse_set_at(data), lambda: decode_chip_auth(b"\x6e" + data)):
        with contextlib.suppress(IcaoError):
            parse()


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def master_list(pki: Pki) -> bytes:
    key = generate_key("ecdsa-p256")
    signer = issue_master_list_signer(pki.csca, pki.csca_key, key.public_key(), "VN", NOW)
    return build_master_list([pki.csca], signer, key, NOW)


@FUZZ
@given(data=st.data())
def test_master_list(pki: Pki, master_list: bytes, data: st.DataObject) -> None:
    raw = data.draw(st.one_of(st.binary(max_size=200), st.builds(mutate, st.just(master_list), edits,
                                                                 st.integers(0, 600))))
    with contextlib.suppress(IcaoError):
        verify_master_list(raw, [pki.csca], NOW)


def test_fuzz_inputs_are_not_trivially_valid() -> None:
    # the mutations start from valid objects, so the fuzz reaches past the outer structure
    assert decode_card_access(CARD_ACCESS).preferred() is not None
