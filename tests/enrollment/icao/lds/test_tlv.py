from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv


def test_round_trip_multi_byte_tag_and_long_length() -> None:
    value = bytes(300)
    encoded = tlv.encode(0x5F2E, value)
    assert encoded[:5] == bytes.fromhex("5F2E82012C")
    assert tlv.decode_single(encoded, 0x5F2E).value == value


@pytest.mark.parametrize("raw", ["", "75", "7582", "758201", "75820100", "5F", "5F2E0301"])
def test_truncated_tlv_is_an_error(raw: str) -> None:
    with pytest.raises(TlvError):
        tlv.decode_one(bytes.fromhex(raw))


def test_gigabyte_length_is_refused_without_allocation() -> None:
    with pytest.raises(TlvError, match="claims 4294967295 bytes"):
        tlv.decode_one(bytes.fromhex("7584FFFFFFFF") + bytes(10))
    with pytest.raises(TlvError, match="octets"):
        tlv.decode_one(bytes.fromhex("7588FFFFFFFFFFFFFFFF"))


def test_indefinite_length_and_trailing_bytes_are_refused() -> None:
    with pytest.raises(TlvError, match="indefinite"):
        tlv.decode_one(bytes.fromhex("75800000"))
    with pytest.raises(TlvError, match="trailing"):
        tlv.decode_single(bytes.fromhex("750100FF"), 0x75)


def test_unknown_tags_decode_generically_but_not_as_lds_files() -> None:
    item = tlv.decode_single(bytes.fromhex("DF7F0142"), 0xDF7F)
    assert item.value == b"\x42"
    with pytest.raises(EncodingError, match="unknown LDS tag"):
        registry.by_tag(0xDF7F)
    with pytest.raises(TlvError, match="expected tag 61"):
        tlv.decode_single(bytes.fromhex("620100"), 0x61)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_fuzz_decoder_raises_only_tlv_errors(data: bytes) -> None:
    try:
        items = tlv.decode_all(data)
    except TlvError:
        return
    assert b"".join(tlv.encode(i.tag, i.value) for i in items) is not None


_TAGS = st.sampled_from([0x02, 0x30, 0x5C, 0x61, 0x75, 0x7F61, 0x5F1F, 0x5F2E, 0xA1, 0x8E])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_TAGS, st.binary(max_size=300)), max_size=5))
def test_fuzz_round_trip(items: list[tuple[int, bytes]]) -> None:
    decoded = tlv.decode_all(tlv.encode_many(items))
    assert [(i.tag, i.value) for i in decoded] == items
