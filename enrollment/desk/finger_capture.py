"""A fingerprint capture's quality gate: NFIQ 2 against the finger's enrolment minimum, and its template.

The scanner's image (PNG, TIFF, BMP, JPEG at 500 ppi or the given ``dpi``) is normalised and its minutiae
extracted by the configured extractor (the gate's: LEADER by default), which also gives the NFIQ 2 score.
Refused with typed codes: ``FINGER_IMAGE_UNREADABLE``, ``FINGER_IMAGE_BLANK``, ``NOT_A_FINGERPRINT``,
``FINGER_TOO_FEW_MINUTIAE`` (the extractor's), ``NFIQ2_LOW`` (below the minimum for that finger).
Accepted: an ISO/IEC 19794-2 (2005) record of the one finger, its position set, for DG3 and the registry.
"""

from __future__ import annotations

from collections.abc import Mapping

from enrollment.desk.case import Sample
from enrollment.desk.policy import NFIQ2_MINIMUM
from enrollment.desk.slots import CaptureVerdict
from matcher.errors import FingerprintError
from matcher.finger import iso19794_2, params
from matcher.finger.extract import Extractor
from matcher.finger.image import decode_image, normalise


def assess_finger(data: bytes, position: int, extractor: Extractor, *, dpi: float = params.TARGET_DPI,
                  minimum: Mapping[int, int] = NFIQ2_MINIMUM) -> CaptureVerdict:
    if position not in minimum:
        raise ValueError(f"finger position {position} outside 1..10")
    try:
        template = extractor.extract(normalise(decode_image(data), dpi), finger_position=position)
    except FingerprintError as exc:
        return CaptureVerdict(False, (exc.code,))
    nfiq2 = template.nfiq2 if template.nfiq2 is not None else 0
    if nfiq2 < minimum[position]:
        return CaptureVerdict(False, ("NFIQ2_LOW",), float(nfiq2))
    record = iso19794_2.encode(iso19794_2.record_of([template]))
    return CaptureVerdict(True, (), float(nfiq2), Sample(data, record))
