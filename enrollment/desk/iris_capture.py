"""An iris capture's quality gate: the eye image segmented and held to the enrolment profile of
:mod:`matcher.iris.quality` (ISO/IEC 29794-6 limits), and its iris code.

Refused with typed codes: the pipeline's errors (``IRIS_IMAGE_UNREADABLE``, ``IRIS_IMAGE_BLANK``,
``IRIS_NOT_FOUND``, ``IRIS_OCCLUDED`` ...) and each failed quality criterion (``USABLE_AREA_LOW``,
``IRIS_AT_EDGE``, ``BLUR`` ...). Accepted: the iris code in its stored form (:mod:`matcher.iris.template`);
the score is the usable iris area in percent.
"""

from __future__ import annotations

from enrollment.desk.case import Sample
from enrollment.desk.slots import CaptureVerdict
from matcher.criteria import Criterion
from matcher.errors import ImageError
from matcher.iris import IrisError, encode_code, process


def assess_iris(data: bytes) -> tuple[CaptureVerdict, tuple[Criterion, ...]]:
    try:
        template = process(data, with_quality=True)
    except (IrisError, ImageError) as exc:
        return CaptureVerdict(False, (exc.code,)), ()
    quality = template.quality
    assert quality is not None  # asked for
    codes = tuple(dict.fromkeys(c.reason for c in quality.failures))
    if codes:
        return CaptureVerdict(False, codes, quality.value("usable_iris_area")), quality.criteria
    sample = Sample(data, encode_code(template.code))
    return CaptureVerdict(True, (), quality.value("usable_iris_area"), sample), quality.criteria
