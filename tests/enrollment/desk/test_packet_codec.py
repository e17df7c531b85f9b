"""The packet contents in DER: one encoding per value, bounds and canonical form enforced."""

from __future__ import annotations

import dataclasses
from datetime import datetime

import pytest

from enrollment.desk.packet_codec import PacketLimits, decode_contents, encode_contents
from enrollment.desk.packet_errors import PacketMalformed, PacketTooLarge
from enrollment.desk.packet_schema import EnrolmentPacket
from tests.enrollment.desk.packetkit import contents


def test_round_trip_keeps_every_field_and_the_diacritics() -> None:
    original = contents(3)
    decoded = decode_contents(encode_contents(original))
    assert decoded == original
    assert decoded.demographics["full_name"] == "NGUYỄN VĂN AN"
    assert decoded.created_at.tzinfo is not None


def test_the_same_contents_give_the_same_bytes_whatever_the_map_order() -> None:
    original = contents(4)
    reordered = dataclasses.replace(original, finger_templates=dict(reversed(list(original.finger_templates.items()))),
                                    demographics=dict(reversed(list(original.demographics.items()))))
    assert encode_contents(original) == encode_contents(reordered)


def test_exception_photos_round_trip_and_are_absent_from_the_der_when_none() -> None:
    with_photo = dataclasses.replace(contents(8), exception_photos={"finger:1": b"\x89PNG hand"})
    assert decode_contents(encode_contents(with_photo)) == with_photo
    assert EnrolmentPacket.load(encode_contents(contents(8)))["exception_photos"].native is None
    assert len(encode_contents(with_photo)) > len(encode_contents(contents(8)))


def test_contents_larger_than_the_registry_takes_are_refused_before_sealing() -> None:
    limits = PacketLimits(max_content_bytes=64 * 1024)
    big = dataclasses.replace(contents(10), exception_photos={"finger:1": bytes(70 * 1024)})
    with pytest.raises(PacketTooLarge):
        encode_contents(big, limits)
    assert len(encode_contents(contents(10), limits)) <= 64 * 1024


@pytest.mark.parametrize("photos", [{"finger:3": b"photo"}, {"finger:1": b""}])
def test_an_exception_photo_needs_its_exception_and_bytes(photos: dict[str, bytes]) -> None:
    with pytest.raises(PacketMalformed, match="exception photo"):
        encode_contents(dataclasses.replace(contents(9), exception_photos=photos))


def test_no_supervisor_round_trips_as_none() -> None:
    original = dataclasses.replace(contents(5), supervisor=None, exceptions={})
    assert decode_contents(encode_contents(original)) == original


def test_unsorted_maps_are_not_canonical_and_refused() -> None:
    der = encode_contents(contents(6))
    packet = EnrolmentPacket.load(der)
    fingers = packet["finger_templates"]
    swapped = EnrolmentPacket({**packet.native, "finger_templates": [fingers[1].native, fingers[0].native]})
    with pytest.raises(PacketMalformed, match="canonical"):
        decode_contents(swapped.dump(force=True))


def test_duplicate_keys_are_refused() -> None:
    packet = EnrolmentPacket.load(encode_contents(contents(7)))
    first = packet["demographics"][0].native
    doubled = EnrolmentPacket({**packet.native, "demographics": [first, first, *packet["demographics"].native[1:]]})
    with pytest.raises(PacketMalformed):
        decode_contents(doubled.dump(force=True))


@pytest.mark.parametrize("change", [
    {"application_id": "not-a-uuid"},
    {"finger_templates": {11: b"x"}},
    {"iris_templates": {"middle": b"x"}},
    {"face_jpeg": b""},
    {"operator": ""},
    {"created_at": datetime(2026, 3, 2, 9, 30)},
    {"demographics": {f"field{i}": "v" for i in range(65)}},
    {"demographics": {"full_name": "x" * 513}},
])
def test_out_of_bounds_contents_are_refused_when_encoding(change: dict[str, object]) -> None:
    with pytest.raises(PacketMalformed):
        encode_contents(dataclasses.replace(contents(8), **change))  # type: ignore[arg-type]


def test_oversized_contents_are_refused_before_parsing() -> None:
    limits = PacketLimits(max_content_bytes=1000)
    with pytest.raises(PacketTooLarge):
        decode_contents(encode_contents(contents(9)), limits)


def test_an_oversized_image_is_refused() -> None:
    limits = PacketLimits(max_image_bytes=100)
    with pytest.raises(PacketMalformed, match="face"):
        encode_contents(contents(10), limits)


def test_an_unknown_version_is_refused() -> None:
    packet = EnrolmentPacket.load(encode_contents(contents(11)))
    with pytest.raises(PacketMalformed, match="version"):
        decode_contents(EnrolmentPacket({**packet.native, "version": 2}).dump(force=True))
