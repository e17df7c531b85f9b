"""Stage 1, ``FingerImage``: decode, check and resample a capture to 500 ppi.

Every extractor here (mindtct, LEADER) is tuned for 500 ppi, so FVC2002 DB2 (569 ppi) and FVC2004 DB3
(512 ppi) are resampled first (area interpolation when shrinking, cubic when enlarging). The checks run
in order of cost: size, blank, ridge structure. The ridge check is a block-wise structure tensor
(orientation coherence) plus the share of spectral energy at plausible ridge periods: faces, text and
noise fail it, fingerprints of every FVC sensor pass it.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np
from numpy.typing import NDArray

from matcher.finger import params
from matcher.finger.errors import (
    BlankImageError,
    FingerImageDecodeError,
    FingerImageTooLargeError,
    FingerImageTooSmallError,
    NotAFingerprintError,
)


@dataclass(frozen=True, eq=False)
class FingerImage:
    """An 8-bit grey fingerprint at 500 ppi. ``scale`` maps original pixels to these (new = old × scale)."""

    pixels: NDArray[np.uint8]
    scale: float
    ridge_fraction: float

    @property
    def height(self) -> int:
        return int(self.pixels.shape[0])

    @property
    def width(self) -> int:
        return int(self.pixels.shape[1])


def decode_image(data: bytes) -> NDArray[np.uint8]:
    """Bytes of a PNG, TIFF, BMP, JPEG… to an 8-bit grey array."""
    buf = np.frombuffer(data, dtype=np.uint8)
    img = cv2.imdecode(buf, cv2.IMREAD_GRAYSCALE) if buf.size else None
    if img is None:
        raise FingerImageDecodeError("bytes are not a decodable image", stage="image")
    return np.asarray(img, dtype=np.uint8)


@dataclass(frozen=True)
class RidgeEvidence:
    """Block statistics over the foreground (blocks with contrast) of an image."""

    ridge_share: float      # share of foreground blocks with coherent ridges at a ridge period
    band_energy: float      # median share of spectral energy at ridge periods
    coherence: float        # median orientation coherence

    @property
    def is_fingerprint(self) -> bool:
        if self.ridge_share < params.RIDGE_MIN_SHARE_ALWAYS:
            return False
        if self.ridge_share >= params.RIDGE_MIN_SHARE or self.band_energy >= params.RIDGE_MIN_BAND_ENERGY:
            return True
        # Weak ridge evidence: accept noisy prints (incoherent), reject edge-dominated photos (coherent).
        return self.coherence < params.RIDGE_MAX_EDGE_COHERENCE


def _blocks(a: NDArray[np.float32], b: int) -> NDArray[np.float32]:
    h, w = a.shape
    return a.reshape(h // b, b, w // b, b).transpose(0, 2, 1, 3)


def ridge_evidence(pixels: NDArray[np.uint8]) -> RidgeEvidence:
    """Structure tensor coherence and windowed block spectra of 16-px blocks."""
    b = params.RIDGE_BLOCK
    h, w = (pixels.shape[0] // b) * b, (pixels.shape[1] // b) * b
    img = pixels[:h, :w].astype(np.float32)
    gx = cv2.Sobel(img, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(img, cv2.CV_32F, 0, 1, ksize=3)
    gxx, gyy, gxy = (_blocks(g, b).sum(axis=(2, 3)) for g in (gx * gx, gy * gy, gx * gy))
    coherence = np.sqrt((gxx - gyy) ** 2 + 4 * gxy**2) / np.maximum(gxx + gyy, 1e-6)
    tiles = _blocks(img, b)
    foreground = tiles.std(axis=(2, 3)) >= params.RIDGE_MIN_BLOCK_STD
    if not foreground.any():
        return RidgeEvidence(0.0, 0.0, 0.0)
    window = np.outer(np.hanning(b), np.hanning(b)).astype(np.float32)
    spectrum = np.abs(np.fft.fft2((tiles - tiles.mean(axis=(2, 3), keepdims=True)) * window)) ** 2
    f = np.fft.fftfreq(b)
    radius = np.hypot(f[:, None], f[None, :])
    band = (radius >= 1.0 / params.RIDGE_PERIOD_PX[1]) & (radius <= 1.0 / params.RIDGE_PERIOD_PX[0])
    in_band = (spectrum * band).sum(axis=(2, 3)) / np.maximum(spectrum.sum(axis=(2, 3)), 1e-6)
    ridged = (coherence >= params.RIDGE_MIN_COHERENCE) & (in_band >= params.RIDGE_MIN_BLOCK_BAND)
    return RidgeEvidence(
        ridge_share=float(ridged[foreground].mean()),
        band_energy=float(np.median(in_band[foreground])),
        coherence=float(np.median(coherence[foreground])),
    )


def normalise(pixels: NDArray[np.uint8], dpi: float = params.TARGET_DPI) -> FingerImage:
    """Check a grey capture and resample it to 500 ppi; raise a typed error when it cannot be used."""
    arr: NDArray[np.uint8] = np.asarray(pixels)
    if arr.ndim == 3:
        arr = np.asarray(cv2.cvtColor(arr.astype(np.uint8), cv2.COLOR_BGR2GRAY), dtype=np.uint8)
    if arr.ndim != 2 or arr.dtype != np.uint8:
        raise FingerImageDecodeError(f"expected an 8-bit grey image, got {arr.dtype} {arr.shape}", stage="image")
    if not 100.0 <= dpi <= 2000.0:
        raise FingerImageDecodeError(f"implausible resolution {dpi} ppi", stage="image")
    scale = params.TARGET_DPI / dpi
    h, w = (round(s * scale) for s in arr.shape)
    if min(h, w) < params.MIN_SIDE_PX:
        raise FingerImageTooSmallError(
            f"{w}x{h} px at 500 ppi; at least {params.MIN_SIDE_PX} px per side needed", stage="image"
        )
    if max(h, w) > params.MAX_SIDE_PX:
        raise FingerImageTooLargeError(f"{w}x{h} px exceeds {params.MAX_SIDE_PX} px per side", stage="image")
    if abs(scale - 1.0) > 1e-6:
        interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
        arr = np.asarray(cv2.resize(arr, (w, h), interpolation=interp), dtype=np.uint8)
    if float(arr.std()) < params.BLANK_STD:
        raise BlankImageError(f"blank image (grey-level std {arr.std():.1f})", stage="image")
    evidence = ridge_evidence(arr)
    if not evidence.is_fingerprint:
        raise NotAFingerprintError(
            f"no ridge pattern: {evidence.ridge_share:.0%} of the foreground holds ridges",
            ridge_fraction=evidence.ridge_share,
        )
    out = np.ascontiguousarray(arr)
    out.setflags(write=False)
    return FingerImage(pixels=out, scale=scale, ridge_fraction=evidence.ridge_share)
