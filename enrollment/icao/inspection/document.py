"""Decoding the data groups read into a :class:`DecodedDocument`; failures become failed checks."""

from __future__ import annotations

from enrollment.icao import checks
from enrollment.icao.checks import Check
from enrollment.icao.errors import IcaoError
from enrollment.icao.inspection.report import ChipIrisImage, DecodedDocument
from enrollment.icao.lds.dg1 import decode_dg1
from enrollment.icao.lds.dg2 import decode_dg2
from enrollment.icao.lds.dg3 import decode_dg3
from enrollment.icao.lds.dg4 import decode_dg4
from enrollment.icao.lds.dg13 import Dg13Fields, decode_dg13
from enrollment.icao.lds.mrz import Mrz


def _decode_mrz(groups: dict[int, bytes], found: list[Check]) -> Mrz | None:
    try:
        mrz = decode_dg1(groups[1])
    except IcaoError as exc:
        found.append(checks.failed("dg1_decode", "dg1_malformed", str(exc)))
        return None
    found.append(checks.passed("dg1_decode", mrz.layout))
    return mrz


def _decode_iris(data: bytes, found: list[Check]) -> tuple[ChipIrisImage, ...]:
    try:
        records = decode_dg4(data)
    except IcaoError as exc:
        found.append(checks.failed("dg4_decode", "dg4_malformed", str(exc)))
        return ()
    images = tuple(ChipIrisImage(entry.eye, entry.image, r.image_format, r.width, r.height)
                   for r in records for entry in r.images)
    eyes = sorted({i.eye for i in images})
    found.append(checks.passed("dg4_decode", f"{len(images)} iris image(s): {', '.join(eyes)}"))
    return images


def decode_document(groups: dict[int, bytes]) -> tuple[DecodedDocument, tuple[Check, ...]]:
    found: list[Check] = []
    mrz = _decode_mrz(groups, found) if 1 in groups else None
    face, face_format = None, None
    fingers: list[bytes] = []
    dg13: Dg13Fields | None = None
    try:
        if 2 in groups:
            faces = decode_dg2(groups[2])
            if faces:
                face, face_format = faces[0].image, faces[0].image_format
        if 3 in groups:
            fingers = decode_dg3(groups[3])
        if 13 in groups:
            dg13 = decode_dg13(groups[13])
        found.append(checks.passed("biometric_decode"))
    except IcaoError as exc:
        found.append(checks.failed("biometric_decode", "data_group_malformed", str(exc)))
    iris = _decode_iris(groups[4], found) if 4 in groups else ()
    document = DecodedDocument(mrz, face, face_format, fingers, dg13, tuple(sorted(groups)), iris)
    return document, tuple(found)
