"""The packed-code iris gallery on real CASIA-IrisV1 codes (skipped without ../shared): the same eye is
found first, the distances are exactly the 1:1 comparison's, and bad inputs raise typed errors."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from matcher.iris.compare import compare
from matcher.iris.errors import IrisTemplateError
from matcher.iris.pipeline import encode_image
from matcher.iris.types import IrisCode
from matcher.search.gallery import DuplicateIdentityError, UnknownIdentityError
from matcher.search.gallery_iris import IrisCodeGallery
from tests.conftest import require

ENROLLED = ("001_1_1", "002_1_1", "050_1_2", "108_1_1", "020_1_1", "070_1_3")
PROBES = {"001_2_2": "001", "050_2_4": "050", "108_2_4": "108"}


@pytest.fixture(scope="module")
def codes(shared_dir: Path) -> dict[str, IrisCode]:
    casia = require(shared_dir / "data" / "iris" / "casia-iris-v1")
    names = (*ENROLLED, *PROBES)
    return {n: encode_image(require(casia / str(int(n[:3])) / f"{n}.jpg").read_bytes()) for n in names}


@pytest.fixture
def gallery(codes: dict[str, IrisCode]) -> IrisCodeGallery:
    g = IrisCodeGallery()
    for name in ENROLLED:
        g.add(name[:3], codes[name])
    return g


def test_same_eye_is_found_first_with_the_one_to_one_distance(gallery: IrisCodeGallery,
                                                              codes: dict[str, IrisCode]) -> None:
    for probe, eye in PROBES.items():
        hits = gallery.search(codes[probe], 3)
        assert hits[0].identity == eye
        expected = compare(codes[probe], codes[next(n for n in ENROLLED if n.startswith(eye))]).distance
        assert hits[0].score == pytest.approx(expected, abs=1e-12)
        assert hits[0].score < 0.40 < hits[1].score  # different eyes sit near 0.45-0.5


def test_remove_swaps_rows_and_keeps_every_other_distance(gallery: IrisCodeGallery,
                                                          codes: dict[str, IrisCode]) -> None:
    before = {h.identity: h.score for h in gallery.search(codes["050_2_4"], 6)}
    gallery.remove("002")
    after = {h.identity: h.score for h in gallery.search(codes["050_2_4"], 6)}
    assert gallery.count() == 5 and "002" not in after
    assert after == {k: v for k, v in before.items() if k != "002"}
    gallery.add("002", codes["002_1_1"])
    assert gallery.count() == 6


def test_bad_inputs(gallery: IrisCodeGallery, codes: dict[str, IrisCode]) -> None:
    with pytest.raises(DuplicateIdentityError):
        gallery.add("001", codes["001_2_2"])
    with pytest.raises(UnknownIdentityError):
        gallery.remove("999")
    other = replace(codes["001_2_2"], model_id="iris-other-v9")
    with pytest.raises(IrisTemplateError):
        gallery.search(other, 1)
    half = codes["001_2_2"]
    short = replace(half, code=half.code[: half.code.size // 2], mask=half.mask[: half.mask.size // 2],
                    columns=half.columns // 2)
    with pytest.raises(IrisTemplateError):
        gallery.add("short", short)
    assert IrisCodeGallery().search(codes["001_2_2"], 3) == []


def test_many_rows_are_searched_in_chunks(codes: dict[str, IrisCode]) -> None:
    """More rows than a chunk: the true eye still wins among noise codes of the same kind."""
    g = IrisCodeGallery()
    rng = np.random.default_rng(0)
    base = codes["108_1_1"]
    for i in range(5000):
        noise = rng.integers(0, 256, base.code.size, dtype=np.uint8)
        g.add(f"noise{i}", replace(base, code=noise))
    g.add("108", base)
    assert g.search(codes["108_2_4"], 1)[0].identity == "108"
