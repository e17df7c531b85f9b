"""Iris codes as bytes, the packed Hamming kernel, and the 1:N search with de-duplication."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.iris import build_gallery, compare, decode_code, duplicates, encode_code, search
from matcher.iris.errors import IrisTemplateError
from matcher.iris.hamming import _rolled, as_words, popcount_sum, shifted
from matcher.iris.search import all_pairs, distances_to_all, nearest_distances
from matcher.iris.types import IrisCode
from matcher.search.gallery_iris import IrisCodeGallery


def _random_code(seed: int, columns: int = 256, per: int = 4) -> IrisCode:
    rng = np.random.default_rng(seed)
    code = rng.integers(0, 256, columns * per, dtype=np.uint8)
    mask = (rng.random(columns * per * 8) < 0.8).astype(np.uint8)
    return IrisCode(code, np.packbits(mask), columns, per, "iris-loggabor-v1")


def test_rolled_rows_are_barrel_shifts() -> None:
    x = np.arange(40, dtype=np.uint8)
    rows = _rolled(x, 4, 3)
    assert rows.shape == (7, 40)
    for k, row in enumerate(rows):
        assert np.array_equal(row, np.roll(x, (k - 3) * 4))


def test_popcount_matches_unpackbits() -> None:
    words = as_words(np.random.default_rng(3).integers(0, 256, (5, 64), dtype=np.uint8))
    expected = np.unpackbits(words.view(np.uint8), axis=-1).sum(axis=-1)
    assert np.array_equal(popcount_sum(words), expected)


def test_shift_larger_than_a_turn_is_refused() -> None:
    with pytest.raises(ValueError):
        shifted(_random_code(0, columns=8), max_shift=8)


def test_random_codes_sit_near_one_half() -> None:
    result = compare(_random_code(1), _random_code(2))
    assert 0.42 < result.raw_distance < 0.52
    assert result.bits_compared > 4000


def test_template_bytes_round_trip_and_tamper() -> None:
    code = _random_code(4)
    data = encode_code(code)
    back = decode_code(data)
    assert np.array_equal(back.code, code.code) and np.array_equal(back.mask, code.mask)
    assert (back.columns, back.bytes_per_column, back.model_id) == (256, 4, code.model_id)
    flipped = bytearray(data)
    flipped[40] ^= 1
    for bad in (bytes(flipped), data[:-1], b"EIC2" + data[4:], b""):
        with pytest.raises(IrisTemplateError):
            decode_code(bad)


def test_codes_of_another_kind_are_not_compared() -> None:
    with pytest.raises(IrisTemplateError):
        compare(_random_code(5), _random_code(6, columns=128))


def test_the_gallery_port_and_the_search_share_one_kernel() -> None:
    """Both callers of :func:`nearest_distances` — a fixed gallery (a slice of rows, threads) and the growable
    gallery behind the Gallery port (its used rows after a removal) — give the 1:1 comparison's distance."""
    codes = [(f"eye{i}", _random_code(10 + i)) for i in range(7)]
    probe = _random_code(10)  # eye0 itself
    expected = np.array([compare(probe, c).distance for _, c in codes])
    fixed = build_gallery(codes)
    assert np.allclose(distances_to_all(fixed, probe), expected, rtol=0, atol=1e-12)
    assert np.array_equal(distances_to_all(fixed, probe, rows=slice(2, 6), chunk=3, workers=2),
                          distances_to_all(fixed, probe)[2:6])
    port = IrisCodeGallery(model_id="iris-loggabor-v1")
    for name, code in codes:
        port.add(name, code)
    port.remove("eye1")  # the last row moves into row 1
    assert [h.identity for h in port.search(probe, 1)] == ["eye0"]
    by_name = dict(zip([n for n, _ in codes], expected, strict=True))
    assert {h.identity: h.score for h in port.search(probe, 6)} == pytest.approx(
        {n: d for n, d in by_name.items() if n != "eye1"}, abs=1e-12)
    assert nearest_distances(probe, fixed.codes[:0], fixed.masks[:0]).shape == (0,)


@pytest.mark.shared
def test_search_finds_the_same_eye_first(codes: dict[str, IrisCode]) -> None:
    gallery = build_gallery([(n, c) for n, c in codes.items() if n != "001_2_2"])
    best = search(gallery, codes["001_2_2"], k=3)
    assert best[0].identifier == "001_1_1"
    assert best[0].distance < 0.3 < best[1].distance


@pytest.mark.shared
def test_threads_and_chunks_give_the_same_distances(codes: dict[str, IrisCode]) -> None:
    gallery = build_gallery([(f"{n}-{i}", c) for i in range(40) for n, c in codes.items()])
    probe = codes["050_2_4"]
    one = distances_to_all(gallery, probe)
    assert np.array_equal(one, distances_to_all(gallery, probe, chunk=37, workers=2))
    assert one[list(codes).index("050_1_2")] == pytest.approx(compare(probe, codes["050_1_2"]).distance)


@pytest.mark.shared
def test_duplicates_are_the_same_eye(codes: dict[str, IrisCode]) -> None:
    gallery = build_gallery(list(codes.items()))
    found = duplicates(gallery, threshold=0.33)
    pairs = {(a[:3], b[:3]) for a, b, _ in found}
    assert pairs and all(a == b for a, b in pairs)
    matrix = all_pairs(gallery)
    assert np.isnan(matrix[np.tril_indices(len(gallery))]).all()
