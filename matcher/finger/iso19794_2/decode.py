"""Decoding ISO/IEC 19794-2 records, validating everything a record could get wrong."""

from __future__ import annotations

import struct

import numpy as np

from matcher.finger.errors import FingerTemplateError, ImpossibleMinutiaError
from matcher.finger.iso19794_2.records import (
    ANGLE_UNIT,
    CM_PER_INCH,
    MAGIC_2005,
    MAGIC_2011,
    NOT_REPORTED_2011,
    FingerView,
    MinutiaeRecord,
)
from matcher.finger.template import FingerTemplate, make_template


class _Reader:
    def __init__(self, data: bytes, offset: int = 0, end: int | None = None) -> None:
        self.data, self.pos, self.end = data, offset, len(data) if end is None else end

    def take(self, fmt: str) -> tuple[int, ...]:
        size = struct.calcsize(fmt)
        if self.pos + size > self.end:
            raise FingerTemplateError(f"record truncated at byte {self.pos}", stage="iso19794-2")
        out = struct.unpack_from(fmt, self.data, self.pos)
        self.pos += size
        return out

    def raw(self, n: int) -> bytes:
        if self.pos + n > self.end:
            raise FingerTemplateError(f"record truncated at byte {self.pos}", stage="iso19794-2")
        self.pos += n
        return self.data[self.pos - n : self.pos]


def _minutiae(r: _Reader, count: int, size: int, width: int, height: int, dpi: float, position: int,
              finger_quality: int, version: str) -> FingerTemplate:
    if r.pos + count * size > r.end:
        raise ImpossibleMinutiaError(f"{count} minutiae announced, bytes for {(r.end - r.pos) // size}")
    a = np.frombuffer(r.raw(count * size), np.uint8).reshape(count, size).astype(np.int64)
    kind = a[:, 0] >> 6
    if (kind == 3).any():
        raise ImpossibleMinutiaError("minutia type 3 is reserved", stage="iso19794-2")
    quality = a[:, 5] if size == 6 else np.zeros(count, np.int64)
    if version == "2011":
        quality = np.where(quality >= NOT_REPORTED_2011, 0, quality)
    if (quality > 100).any():
        raise ImpossibleMinutiaError("minutia quality above 100", stage="iso19794-2")
    if not 0 <= finger_quality <= 100:
        raise ImpossibleMinutiaError(f"finger quality {finger_quality} above 100", stage="iso19794-2")
    return make_template(
        ((a[:, 0] & 0x3F) << 8) | a[:, 1], ((a[:, 2] & 0x3F) << 8) | a[:, 3], a[:, 4] * ANGLE_UNIT,
        kind=kind, quality=quality, width=width, height=height, dpi=dpi,
        nfiq2=finger_quality or None, finger_position=position, extractor=f"iso19794-2:{version}",
    )


def _resolution(rx: int, ry: int) -> float:
    if rx == 0 or ry == 0:
        raise ImpossibleMinutiaError("resolution of 0 pixels per cm", stage="iso19794-2")
    return rx * CM_PER_INCH


def _decode_2005(data: bytes) -> MinutiaeRecord:
    r = _Reader(data, 8)
    length, equipment, width, height, rx, ry, n_views, _ = r.take(">IHHHHHBB")
    _check_length(length, len(data))
    dpi = _resolution(rx, ry)
    views = []
    for _ in range(n_views):
        position, view_imp, quality, count = r.take(">BBBB")
        t = _minutiae(r, count, 6, width, height, dpi, position, quality, "2005")
        (ext_len,) = r.take(">H")
        views.append(FingerView(t, view_imp >> 4, view_imp & 0x0F, r.raw(ext_len)))
    _check_end(r)
    return MinutiaeRecord(tuple(views), "2005", equipment, {"x_ppcm": rx, "y_ppcm": ry})


def _decode_2011(data: bytes) -> MinutiaeRecord:
    r = _Reader(data, 8)
    length, n_reps, cert_flag = r.take(">IHB")
    _check_length(length, len(data))
    views = []
    for _ in range(n_reps):
        start = r.pos
        (rep_len,) = r.take(">I")
        rr = _Reader(data, r.pos, start + rep_len)
        if start + rep_len > len(data) or rep_len < 34:
            raise FingerTemplateError(f"representation length {rep_len} impossible", stage="iso19794-2")
        when = rr.raw(9)
        tech, vendor, dev_type, n_q = rr.take(">BHHB")
        qblocks = tuple(rr.take(">BHH") for _ in range(n_q))
        certs: tuple[tuple[int, ...], ...] = ()
        if cert_flag:
            (n_c,) = rr.take(">B")
            certs = tuple(rr.take(">HB") for _ in range(n_c))
        position, rep_no, rx, ry, imp, width, height, flags, count = rr.take(">BBHHBHHBB")
        size = flags >> 4
        if size not in (5, 6):
            raise FingerTemplateError(f"minutia field length {size}, must be 5 or 6", stage="iso19794-2")
        fq = qblocks[0][0] if qblocks and qblocks[0][0] <= 100 else 0
        t = _minutiae(rr, count, size, width, height, _resolution(rx, ry), position, fq, "2011")
        (ext_len,) = rr.take(">H")
        ext = rr.raw(ext_len)
        _check_end(rr)
        r.pos = start + rep_len
        views.append(FingerView(
            t, rep_no, imp, ext, when, tech, vendor, dev_type,
            tuple((q[0], q[1], q[2]) for q in qblocks), tuple((c[0], c[1]) for c in certs), flags & 0x0F, size,
        ))
    _check_end(r)
    return MinutiaeRecord(tuple(views), "2011", extras={"certification_flag": cert_flag})


def _check_length(declared: int, actual: int) -> None:
    if declared != actual:
        raise FingerTemplateError(f"record length field {declared} but {actual} bytes", stage="iso19794-2")


def _check_end(r: _Reader) -> None:
    if r.pos != r.end:
        raise FingerTemplateError(f"{r.end - r.pos} unexpected bytes after the record", stage="iso19794-2")


def decode(data: bytes) -> MinutiaeRecord:
    """Parse an ISO/IEC 19794-2 2005 or 2011 record (never trusts it: every field is checked)."""
    head = bytes(data[:8])
    if head == MAGIC_2005:
        return _decode_2005(bytes(data))
    if head == MAGIC_2011:
        return _decode_2011(bytes(data))
    raise FingerTemplateError("not an ISO/IEC 19794-2 record (bad magic or version)", stage="iso19794-2")
