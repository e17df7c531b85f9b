"""The minutiae template: what extraction produces, what the ISO codec reads and writes, what matchers take.

Coordinates are pixels at ``dpi`` with the origin top left and ``y`` pointing down (ISO/IEC 19794-2);
angles are radians in ``[0, 2π)``, counter-clockwise from the horizontal axis pointing right, as the
image is viewed (the ISO convention). Kinds follow ISO: 0 other, 1 ridge ending, 2 bifurcation.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.finger import params
from matcher.finger.errors import ImpossibleMinutiaError

_T = TypeVar("_T", bound=np.generic)

KIND_OTHER = 0
KIND_ENDING = 1
KIND_BIFURCATION = 2


@dataclass(frozen=True, eq=False)
class FingerTemplate:
    """A validated minutiae set. Build it with :func:`make_template`; arrays are read-only."""

    x: NDArray[np.float64]
    y: NDArray[np.float64]
    angle: NDArray[np.float64]
    kind: NDArray[np.uint8]
    quality: NDArray[np.uint8]  # per-minutia quality 0..100 (ISO), 0 when unknown
    width: int
    height: int
    dpi: float = params.TARGET_DPI
    nfiq2: int | None = None  # NFIQ 2 score of the source image, 0..100
    finger_position: int = 0  # ISO finger code: 0 unknown, 1..10 right thumb..left little
    extractor: str = ""

    @property
    def count(self) -> int:
        return int(self.x.size)

    def same_minutiae(self, other: FingerTemplate) -> bool:
        return (
            self.count == other.count
            and bool(np.allclose(self.x, other.x))
            and bool(np.allclose(self.y, other.y))
            and bool(np.allclose(self.angle, other.angle))
            and bool(np.array_equal(self.kind, other.kind))
        )


def _readonly(a: NDArray[_T]) -> NDArray[_T]:
    out: NDArray[_T] = np.ascontiguousarray(a)
    out.setflags(write=False)
    return out


def make_template(
    x: ArrayLike,
    y: ArrayLike,
    angle: ArrayLike,
    *,
    width: int,
    height: int,
    kind: ArrayLike | None = None,
    quality: ArrayLike | None = None,
    dpi: float = params.TARGET_DPI,
    nfiq2: int | None = None,
    finger_position: int = 0,
    extractor: str = "",
) -> FingerTemplate:
    """Validate and freeze a minutiae set; raise :class:`ImpossibleMinutiaError` when it cannot be real."""
    xs = np.asarray(x, dtype=np.float64).reshape(-1)
    ys = np.asarray(y, dtype=np.float64).reshape(-1)
    th = np.mod(np.asarray(angle, dtype=np.float64).reshape(-1), 2 * np.pi)
    n = xs.size
    ks: NDArray[np.uint8] = (
        np.full(n, KIND_OTHER, np.uint8) if kind is None else np.asarray(kind).astype(np.uint8).reshape(-1)
    )
    qs = np.zeros(n, np.int64) if quality is None else np.asarray(quality, dtype=np.float64).reshape(-1)
    if not (ys.size == th.size == ks.size == qs.size == n):
        raise ImpossibleMinutiaError("minutia fields have different lengths", stage="template")
    if n > params.MAX_MINUTIAE:
        raise ImpossibleMinutiaError(f"{n} minutiae: more than {params.MAX_MINUTIAE}", stage="template")
    if width <= 0 or height <= 0 or dpi <= 0:
        raise ImpossibleMinutiaError(f"impossible image size {width}x{height} at {dpi} ppi", stage="template")
    if not (np.isfinite(xs).all() and np.isfinite(ys).all() and np.isfinite(th).all()):
        raise ImpossibleMinutiaError("non-finite minutia coordinates or angles", stage="template")
    outside = (xs < 0) | (ys < 0) | (xs >= width) | (ys >= height)
    if outside.any():
        i = int(np.argmax(outside))
        raise ImpossibleMinutiaError(
            f"minutia {i} at ({xs[i]:g}, {ys[i]:g}) lies outside the {width}x{height} image", stage="template"
        )
    if (ks > KIND_BIFURCATION).any():
        raise ImpossibleMinutiaError("minutia kind must be 0 (other), 1 (ending) or 2 (bifurcation)")
    if ((qs < 0) | (qs > 100)).any():
        raise ImpossibleMinutiaError("minutia quality must lie in 0..100", stage="template")
    if nfiq2 is not None and not 0 <= nfiq2 <= 100:
        raise ImpossibleMinutiaError(f"NFIQ 2 score {nfiq2} outside 0..100", stage="template")
    return FingerTemplate(
        x=_readonly(xs), y=_readonly(ys), angle=_readonly(th), kind=_readonly(ks),
        quality=_readonly(qs.astype(np.uint8)), width=int(width), height=int(height), dpi=float(dpi),
        nfiq2=nfiq2, finger_position=int(finger_position), extractor=extractor,
    )


def rescaled(t: FingerTemplate, sx: float, sy: float | None = None) -> FingerTemplate:
    """The template seen in an image scaled by (sx, sy): positions scale, directions follow the anisotropic
    stretch (a direction (cos θ, sin θ) becomes (sx cos θ, sy sin θ)), resolution scales with x.

    Used to bring a record made at another resolution to 500 ppi, and to undo the 300×400 stretch of the
    SecuGen test templates (see docs/fingerprint-evaluation.md).
    """
    sy = sx if sy is None else sy
    width, height = max(1, round(t.width * sx)), max(1, round(t.height * sy))
    angle = np.arctan2(np.sin(t.angle) * sy, np.cos(t.angle) * sx)
    return make_template(
        np.minimum(t.x * sx, width - 1), np.minimum(t.y * sy, height - 1), angle, width=width, height=height,
        kind=t.kind, quality=t.quality, dpi=t.dpi * sx, nfiq2=t.nfiq2, finger_position=t.finger_position,
        extractor=t.extractor,
    )


def at_resolution(t: FingerTemplate, dpi: float = params.TARGET_DPI) -> FingerTemplate:
    """The template at ``dpi`` (matchers assume 500 ppi); unchanged when already there (within 1 %)."""
    return t if abs(t.dpi / dpi - 1.0) <= 0.01 else rescaled(t, dpi / t.dpi)
