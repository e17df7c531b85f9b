"""Encoding ISO/IEC 19794-2 records (2005 and 2011), and records for freshly extracted templates."""

from __future__ import annotations

import struct
from dataclasses import replace

import numpy as np

from matcher.finger.errors import FingerTemplateError
from matcher.finger.iso19794_2.records import (
    ANGLE_UNIT,
    CM_PER_INCH,
    MAGIC_2005,
    MAGIC_2011,
    NOT_REPORTED_2011,
    FingerView,
    MinutiaeRecord,
)
from matcher.finger.template import FingerTemplate


def _minutia_bytes(t: FingerTemplate, with_quality: bool, version: str) -> bytes:
    x = np.rint(t.x).astype(np.int64)
    y = np.rint(t.y).astype(np.int64)
    code = np.rint(t.angle / ANGLE_UNIT).astype(np.int64) % 256
    cols = [(t.kind.astype(np.int64) << 6) | (x >> 8), x & 0xFF, y >> 8, y & 0xFF, code]
    if with_quality:
        q = t.quality.astype(np.int64)
        cols.append(np.where(q == 0, NOT_REPORTED_2011, q) if version == "2011" else q)
    return np.stack(cols, axis=1).astype(np.uint8).tobytes() if t.count else b""


def encode(record: MinutiaeRecord) -> bytes:
    """Write a record; templates must share image size and resolution in 2005 (one record header)."""
    if not record.views:
        raise FingerTemplateError("a record needs at least one finger view", stage="iso19794-2")
    return _encode_2011(record) if record.version == "2011" else _encode_2005(record)


def _encode_2005(record: MinutiaeRecord) -> bytes:
    first = record.views[0].template
    if any((v.template.width, v.template.height, v.template.dpi) != (first.width, first.height, first.dpi)
           for v in record.views):
        raise FingerTemplateError("2005 records hold one image size and resolution", stage="iso19794-2")
    rx = record.extras.get("x_ppcm", round(first.dpi / CM_PER_INCH))
    ry = record.extras.get("y_ppcm", rx)
    body = b"".join(
        struct.pack(">BBBB", v.template.finger_position, (v.view_number << 4) | v.impression_type,
                    v.template.nfiq2 or 0, v.template.count)
        + _minutia_bytes(v.template, True, "2005") + struct.pack(">H", len(v.extended_data)) + v.extended_data
        for v in record.views
    )
    header = struct.pack(">IHHHHHBB", 24 + len(body), record.capture_equipment, first.width, first.height,
                         rx, ry, len(record.views), 0)
    return MAGIC_2005 + header + body


def _encode_2011(record: MinutiaeRecord) -> bytes:
    cert_flag = record.extras.get("certification_flag", int(any(v.certifications for v in record.views)))
    reps = []
    for v in record.views:
        t = v.template
        with_q = v.minutia_size == 6 or (v.minutia_size == 0 and bool((t.quality > 0).any()))
        ppcm = round(t.dpi / CM_PER_INCH)
        data = (
            struct.pack(">BHHB", v.device_technology, v.device_vendor, v.device_type, len(v.quality_blocks))
            + b"".join(struct.pack(">BHH", *q) for q in v.quality_blocks)
            + (struct.pack(">B", len(v.certifications)) + b"".join(struct.pack(">HB", *c) for c in v.certifications)
               if cert_flag else b"")
            + struct.pack(">BBHHBHHBB", t.finger_position, v.view_number, ppcm, ppcm, v.impression_type,
                          t.width, t.height, ((6 if with_q else 5) << 4) | v.ridge_ending_type, t.count)
            + _minutia_bytes(t, with_q, "2011") + struct.pack(">H", len(v.extended_data)) + v.extended_data
        )
        body = v.capture_datetime + data
        reps.append(struct.pack(">I", 4 + len(body)) + body)
    payload = b"".join(reps)
    return MAGIC_2011 + struct.pack(">IHB", 15 + len(payload), len(reps), cert_flag) + payload


def record_of(templates: list[FingerTemplate] | tuple[FingerTemplate, ...], version: str = "2005",
              nfiq2_quality_block: tuple[int, int] = (0x000F, 0x0037)) -> MinutiaeRecord:
    """A record for freshly extracted templates. In 2011 the NFIQ 2 score becomes a quality block
    (vendor NIST 0x000F, algorithm id ``nfiq2_quality_block[1]``)."""
    if version not in ("2005", "2011"):
        raise ValueError(f"unknown ISO/IEC 19794-2 version {version!r}")
    views: list[FingerView] = []
    for t in templates:
        same_finger = len([v for v in views if v.template.finger_position == t.finger_position])
        qb = ((t.nfiq2, *nfiq2_quality_block),) if version == "2011" and t.nfiq2 is not None else ()
        views.append(FingerView(t, view_number=same_finger, quality_blocks=qb))
    return MinutiaeRecord(tuple(views), version)


def with_version(record: MinutiaeRecord, version: str) -> MinutiaeRecord:
    return replace(record, version=version, extras={})
