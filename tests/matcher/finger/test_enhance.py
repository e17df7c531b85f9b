"""The ridge region and the Gabor enhancement before mindtct: on synthetic ridges of known period and
orientation, and on real FVC captures (a sensor frame, a thermal sweep's stripes)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from matcher.evaluation.fvc import SET_DPI
from matcher.finger import params
from matcher.finger.enhance import (
    enhance,
    gradient_orientation,
    normalised,
    region_depth,
    ridge_period,
    ridge_region,
)
from matcher.finger.errors import NotAFingerprintError
from matcher.finger.extract import GaborMindtctExtractor, MindtctExtractor
from matcher.finger.image import normalise
from tests.matcher.finger.conftest import read_grey

SIZE = 320
CENTRE = SIZE / 2
RADIUS = 110.0


def ridges(period: float, angle: float, *, frame: bool = False) -> tuple[NDArray[np.uint8], NDArray[np.bool_]]:
    """A disc of straight ridges (grey wave across direction ``angle``) on a flat, faintly noisy background;
    with ``frame``, also a dark straight bar near the left edge, like an optical sensor's frame."""
    rng = np.random.default_rng(7)
    yy, xx = np.mgrid[0:SIZE, 0:SIZE].astype(np.float64)
    disc = np.hypot(xx - CENTRE, yy - CENTRE) <= RADIUS
    wave = np.cos(2 * np.pi * (xx * math.cos(angle) + yy * math.sin(angle)) / period)
    img = np.where(disc, 128 + 90 * wave, 200.0) + rng.normal(0, 2, (SIZE, SIZE))
    if frame:
        img[:, 12:18] = 30.0
    return np.clip(img, 0, 255).astype(np.uint8), disc


@pytest.mark.parametrize("period", [7.0, 9.0, 12.0])
def test_ridge_period_is_measured(period: float) -> None:
    pixels, disc = ridges(period, 0.6)
    assert ridge_period(normalised(pixels), disc) == pytest.approx(period, rel=0.06)


@pytest.mark.parametrize("angle", [0.0, 0.5, 1.3, 2.4])
def test_orientation_points_across_the_ridges(angle: float) -> None:
    pixels, disc = ridges(9.0, angle)
    found = gradient_orientation(normalised(pixels))[disc & (region_depth(disc) > 20)]
    error = np.abs((found - angle + np.pi / 2) % np.pi - np.pi / 2)
    assert float(np.median(error)) < math.radians(3)


def test_region_covers_the_ridges_not_the_background_or_a_frame() -> None:
    pixels, disc = ridges(9.0, 1.0, frame=True)
    region = ridge_region(pixels)
    assert (disc & ~region).sum() < 0.1 * disc.sum()  # nearly all the ridges...
    assert not (region & (region_depth(~disc) > params.SEGMENT_BLOCK)).any()  # ...and at most a block more
    assert not region[:, :40].any()  # the bar is an edge, not ridges
    assert not region[:20].any() and not region[-20:].any()


def test_region_reaches_the_last_rows_and_columns_of_any_size() -> None:
    """Sides that are not whole 16-px blocks: ridges up to the bottom-right corner are still in the region."""
    yy, xx = np.mgrid[0:300, 0:300].astype(np.float64)
    pixels = (128 + 90 * np.cos(2 * np.pi * (xx * 0.8 + yy * 0.6) / 9.0)).astype(np.uint8)
    region = ridge_region(pixels)
    assert region[150, -1] and region[-1, 150]
    depth = region_depth(region)
    assert depth[150, 20] == pytest.approx(depth[150, -21], abs=1.5)  # the left and right margins agree


def test_enhanced_image_is_grey_outside_and_contrasted_inside() -> None:
    pixels, _ = ridges(9.0, 1.0)
    out = enhance(pixels)
    assert out.pixels.dtype == np.uint8 and out.pixels.shape == pixels.shape
    assert (out.pixels[~out.region] == 128).all()
    assert out.pixels[out.region].std() > 60
    assert not out.pixels.flags.writeable


def test_enhancement_keeps_the_ridges_in_place() -> None:
    """Dark ridges stay dark: the enhanced image correlates with the clean wave, not its inverse."""
    pixels, _ = ridges(9.0, 0.3)
    clean, _ = ridges(9.0, 0.3)
    out = enhance(pixels)
    inner = region_depth(out.region) > 15
    r = np.corrcoef(out.pixels[inner].astype(float), clean[inner].astype(float))[0, 1]
    assert r > 0.8


@pytest.mark.parametrize("kind", ["blank", "noise"])
def test_no_ridge_region_is_a_typed_error(kind: str) -> None:
    rng = np.random.default_rng(3)
    pixels = np.full((SIZE, SIZE), 180, np.uint8) if kind == "blank" else rng.integers(0, 256, (SIZE, SIZE), np.uint8)
    with pytest.raises(NotAFingerprintError):
        enhance(pixels)


def _fvc(fingerprints_dir: Path, db: str, name: str) -> NDArray[np.uint8]:
    year, set_name = db.split("_", 1)
    raw = read_grey(fingerprints_dir / year / f"{set_name}_B" / f"{name}.tif")
    return np.asarray(normalise(raw, SET_DPI[f"{db}_B"]).pixels)


def test_real_optical_capture_region_leaves_out_the_sensor_frame(fingerprints_dir: Path) -> None:
    """FVC2004 DB2: the print sits in a trapezoid with dark frame edges at the image's sides."""
    pixels = _fvc(fingerprints_dir, "fvc2004_DB2", "101_1")
    region = ridge_region(pixels)
    assert 0.3 < region.mean() < 0.9
    assert not region[:, :8].any() and not region[:, -8:].any()


def test_gabor_mindtct_drops_the_sweep_noise_and_keeps_inside_the_region(fingerprints_dir: Path) -> None:
    """FVC2004 DB3 (thermal sweep): raw mindtct finds minutiae in the stripes around the finger."""
    from matcher.finger.image import FingerImage

    pixels = _fvc(fingerprints_dir, "fvc2004_DB3", "102_3")
    image = FingerImage(pixels=pixels, scale=1.0, ridge_fraction=1.0)
    raw = MindtctExtractor().extract(image)
    ours = GaborMindtctExtractor().extract(image)
    assert ours.extractor == "gabor-mindtct" and ours.nfiq2 == raw.nfiq2
    assert params.MIN_MINUTIAE <= ours.count < 0.8 * raw.count
    depth = region_depth(enhance(pixels).region)
    assert (depth[np.asarray(ours.y, np.intp), np.asarray(ours.x, np.intp)] >= params.REGION_BORDER_PX).all()
