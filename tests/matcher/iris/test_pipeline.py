"""The iris pipeline on real CASIA-IrisV1 images: boundaries, mated and non-mated distances, quality."""

from __future__ import annotations

import io
import itertools
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from matcher.iris import ISO_29794_6, assess_quality, compare, from_array, process
from matcher.iris.encode import encode
from matcher.iris.errors import IrisOccludedError
from matcher.iris.types import IrisCode, NormalisedIris
from tests.matcher.iris.conftest import casia_bytes

pytestmark = pytest.mark.shared

MATED_MAX = 0.30  # normalised HD; mated CASIA pairs sit near 0.15-0.25
NON_MATED_MIN = 0.38  # different eyes sit near 0.44 +- 0.02


def test_segmentation_finds_both_boundaries(casia: Path) -> None:
    t = process(casia_bytes(casia, "001_1_1"))
    p, s = t.segmentation.pupil, t.segmentation.iris
    assert 25 < p.r < 60 and 80 < s.r < 130  # CASIA-IrisV1: pupil ~38 px, iris ~100 px radius
    assert np.hypot(p.x - s.x, p.y - s.y) + p.r < s.r  # the pupil lies inside the iris
    assert 0.5 < t.normalised.usable_fraction <= 1.0
    assert t.code.valid_bits > 0.3 * t.code.n_bits


def test_mated_pairs_are_close(codes: dict[str, IrisCode]) -> None:
    for a, b in (("001_1_1", "001_2_2"), ("050_1_2", "050_2_4"), ("108_1_1", "108_2_4")):
        result = compare(codes[a], codes[b])
        assert result.distance < MATED_MAX, (a, b, result)
        assert abs(result.shift) < 10


def test_non_mated_pairs_are_far(codes: dict[str, IrisCode]) -> None:
    eyes = ["001_1_1", "002_1_1", "050_1_2", "108_1_1"]
    for a, b in itertools.combinations(eyes, 2):
        result = compare(codes[a], codes[b])
        assert result.distance > NON_MATED_MIN, (a, b, result)
        assert 0.40 < result.raw_distance < 0.56


def test_comparison_is_symmetric_in_distance(codes: dict[str, IrisCode]) -> None:
    ab = compare(codes["001_1_1"], codes["001_2_2"])
    ba = compare(codes["001_2_2"], codes["001_1_1"])
    assert ab.distance == pytest.approx(ba.distance)
    assert ab.shift == -ba.shift


def test_rotated_eye_is_found_at_its_shift(codes: dict[str, IrisCode]) -> None:
    c = codes["050_1_2"]
    per = c.bytes_per_column
    rolled = IrisCode(np.roll(c.code, 4 * per), np.roll(c.mask, 4 * per), c.columns, per, c.model_id)
    result = compare(rolled, c)
    assert result.raw_distance == 0.0 and result.shift == -4


def test_quality_of_a_good_capture(casia: Path) -> None:
    q = process(casia_bytes(casia, "001_1_1")).quality
    assert q is not None
    for name in ("usable_iris_area", "iris_pupil_contrast", "pupil_iris_ratio_min", "pupil_iris_ratio_max",
                 "pupil_concentricity", "iris_diameter", "grey_scale_utilisation"):
        criterion = next(c for c in q.criteria if c.name == name)
        assert criterion.passed, criterion
    assert 170 < q.value("iris_diameter") < 260


def test_quality_reports_occlusion_with_guidance(casia: Path) -> None:
    """101_2_3: an eye half closed behind its lashes has less usable iris than a wide-open eye; a profile
    asking for more than it has fails it with the reason code and guidance."""
    occluded = process(casia_bytes(casia, "101_2_3")).segmentation
    image = from_array(np.asarray(Image.open(io.BytesIO(casia_bytes(casia, "101_2_3")))))
    norm = process(casia_bytes(casia, "101_2_3")).normalised
    open_eye = process(casia_bytes(casia, "050_1_2")).quality
    strict = replace(ISO_29794_6, name="strict", min_usable_area=85.0)
    q = assess_quality(image, occluded, norm, strict)
    assert open_eye is not None and q.value("usable_iris_area") < open_eye.value("usable_iris_area")
    area = next(c for c in q.failures if c.name == "usable_iris_area")
    assert area.reason == "USABLE_AREA_LOW" and area.guidance and not q.passed


def test_an_occluded_rubber_sheet_gives_no_code(casia: Path) -> None:
    norm = process(casia_bytes(casia, "001_1_1")).normalised
    mostly_hidden = norm.valid.copy()
    mostly_hidden[:, : int(norm.valid.shape[1] * 0.8)] = False
    with pytest.raises(IrisOccludedError) as err:
        encode(NormalisedIris(norm.texture, mostly_hidden))
    assert err.value.usable_fraction < 0.3
