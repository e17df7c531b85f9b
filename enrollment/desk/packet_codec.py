"""Packet contents to DER and back, deterministic and bounded.

Why DER through asn1crypto rather than CBOR: DER has exactly one encoding per value (the property a
signed, digested packet needs), asn1crypto is already the project's ASN.1 library (EF.SOD, master
lists) so no new dependency comes in, and the schema fixes the nesting depth, so a hostile packet
cannot make the parser recurse. Maps are written as sequences sorted by key; decoding refuses
anything whose re-encoding differs from the input (unsorted, duplicate keys, BER forms), so two
byte strings never decode to the same contents. Sizes and counts are checked before the bytes are
kept (:class:`PacketLimits`); every failure is :class:`PacketMalformed` or :class:`PacketTooLarge`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from enrollment.desk.packet import PacketContents
from enrollment.desk.packet_errors import PacketMalformed, PacketTooLarge
from enrollment.desk.packet_schema import PACKET_VERSION, EnrolmentPacket

EYES = ("left", "right")
_APPLICATION_ID = re.compile(r"[0-9a-f]{32}")
ASN1_FAILURES = (ValueError, TypeError, KeyError, IndexError, OverflowError, AttributeError)


@dataclass(frozen=True)
class PacketLimits:
    max_content_bytes: int = 32 * 1024 * 1024
    max_image_bytes: int = 4 * 1024 * 1024
    max_template_bytes: int = 64 * 1024
    max_fields: int = 64
    max_name_chars: int = 64
    max_value_chars: int = 512


DEFAULT_LIMITS = PacketLimits()


def _text(value: str, what: str, limit: int) -> str:
    if not value or len(value) > limit:
        raise PacketMalformed(f"{what} must hold 1..{limit} characters")
    return value


def _blob(value: bytes, what: str, limit: int, *, required: bool = True) -> bytes:
    if len(value) > limit or (required and not value):
        raise PacketMalformed(f"{what} must hold {'1' if required else '0'}..{limit} bytes")
    return value


def _check(contents: PacketContents, limits: PacketLimits) -> None:
    if not _APPLICATION_ID.fullmatch(contents.application_id):
        raise PacketMalformed("application id must be 32 lowercase hexadecimal digits")
    _text(contents.desk_id, "desk id", limits.max_name_chars)
    _text(contents.operator, "operator", limits.max_name_chars)
    if contents.supervisor is not None:
        _text(contents.supervisor, "supervisor", limits.max_name_chars)
    if contents.created_at.tzinfo is None:
        raise PacketMalformed("created_at must carry a time zone")
    for what, fields in (("demographics", contents.demographics), ("exceptions", contents.exceptions)):
        if len(fields) > limits.max_fields:
            raise PacketMalformed(f"{what}: more than {limits.max_fields} entries")
        for name, value in fields.items():
            _text(name, f"{what} name", limits.max_name_chars)
            _text(value, f"{what} value", limits.max_value_chars)
    _blob(contents.face_jpeg, "face", limits.max_image_bytes)
    for what, fingers, limit in (("finger image", contents.finger_images, limits.max_image_bytes),
                                 ("finger template", contents.finger_templates, limits.max_template_bytes)):
        for position, data in fingers.items():
            if not 1 <= position <= 10:
                raise PacketMalformed(f"{what}: finger position must be 1..10")
            _blob(data, what, limit)
    for what, eyes, limit in (("iris image", contents.iris_images, limits.max_image_bytes),
                              ("iris template", contents.iris_templates, limits.max_template_bytes)):
        for eye, data in eyes.items():
            if eye not in EYES:
                raise PacketMalformed(f"{what}: eye must be 'left' or 'right'")
            _blob(data, what, limit)
    for slot, photo in contents.exception_photos.items():
        if slot not in contents.exceptions:
            raise PacketMalformed("exception photo: no exception recorded for its slot")
        _blob(photo, "exception photo", limits.max_image_bytes)


def _fields(mapping: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"name": k, "value": mapping[k]} for k in sorted(mapping)]


def encode_contents(contents: PacketContents, limits: PacketLimits = DEFAULT_LIMITS) -> bytes:
    """The DER of ``contents``; the same contents always give the same bytes."""
    _check(contents, limits)
    created = contents.created_at.astimezone(UTC)
    value: dict[str, Any] = {
        "version": PACKET_VERSION, "application_id": contents.application_id, "desk_id": contents.desk_id,
        "created_at": created, "demographics": _fields(contents.demographics), "face_jpeg": contents.face_jpeg,
        "finger_images": [{"position": p, "data": contents.finger_images[p]} for p in sorted(contents.finger_images)],
        "finger_templates": [{"position": p, "data": contents.finger_templates[p]}
                             for p in sorted(contents.finger_templates)],
        "iris_images": [{"eye": e, "data": contents.iris_images[e]} for e in sorted(contents.iris_images)],
        "iris_templates": [{"eye": e, "data": contents.iris_templates[e]} for e in sorted(contents.iris_templates)],
        "exceptions": _fields(contents.exceptions), "operator": contents.operator,
    }
    if contents.supervisor is not None:
        value["supervisor"] = contents.supervisor
    if contents.exception_photos:
        value["exception_photos"] = [{"slot": k, "data": contents.exception_photos[k]}
                                     for k in sorted(contents.exception_photos)]
    der = bytes(EnrolmentPacket(value).dump(force=True))
    if len(der) > limits.max_content_bytes:  # the registry would refuse it: refuse it before it is sealed
        raise PacketTooLarge(f"packet contents exceed {limits.max_content_bytes} bytes")
    return der


def _native(packet: EnrolmentPacket) -> dict[str, Any]:
    native = packet.native
    if not isinstance(native, dict):
        raise PacketMalformed("packet contents are not a sequence")
    return native


def _decoded(native: dict[str, Any], limits: PacketLimits) -> PacketContents:
    if native["version"] != PACKET_VERSION:
        raise PacketMalformed(f"unsupported packet version {native['version']}")
    photos = native["exception_photos"] or []
    entries = (*native["demographics"], *native["exceptions"], *native["finger_images"],
               *native["finger_templates"], *native["iris_images"], *native["iris_templates"], *photos)
    if len(entries) > 4 * limits.max_fields:
        raise PacketMalformed("too many entries")
    created = native["created_at"]
    if not isinstance(created, datetime):
        raise PacketMalformed("created_at is not a time")
    return PacketContents(
        application_id=native["application_id"], desk_id=native["desk_id"], created_at=created.astimezone(UTC),
        demographics={f["name"]: f["value"] for f in native["demographics"]}, face_jpeg=native["face_jpeg"],
        finger_images={f["position"]: f["data"] for f in native["finger_images"]},
        finger_templates={f["position"]: f["data"] for f in native["finger_templates"]},
        iris_images={e["eye"]: e["data"] for e in native["iris_images"]},
        iris_templates={e["eye"]: e["data"] for e in native["iris_templates"]},
        exceptions={f["name"]: f["value"] for f in native["exceptions"]},
        operator=native["operator"], supervisor=native["supervisor"],
        exception_photos={p["slot"]: p["data"] for p in photos},
    )


def decode_contents(data: bytes, limits: PacketLimits = DEFAULT_LIMITS) -> PacketContents:
    """The contents ``data`` encodes; refuses oversize, malformed and non-canonical input."""
    if len(data) > limits.max_content_bytes:
        raise PacketTooLarge(f"packet contents exceed {limits.max_content_bytes} bytes")
    try:
        packet = EnrolmentPacket.load(data, strict=True)
        contents = _decoded(_native(packet), limits)
        canonical = encode_contents(contents, limits)
    except PacketMalformed:
        raise
    except ASN1_FAILURES as exc:
        raise PacketMalformed(f"packet contents do not parse ({type(exc).__name__})") from None
    if canonical != data:
        raise PacketMalformed("packet contents are not in canonical form (order, duplicates or encoding)")
    return contents

