"""The faiss-sq8 back end (8-bit code scan + exact re-rank with a completeness proof): same identities and
scores as exact numpy search, through removals and additions, on shards, and when the proof needs a wider cut
or the exact scan; out-of-scale rows are kept aside and still found."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from matcher.errors import TemplateMismatchError
from matcher.search.codes import CODE_MAX, CodeScan, quantise
from matcher.search.gallery import FaceGallery, UnknownIdentityError
from matcher.search.index import GalleryIndex, Metric
from matcher.search.refine import proven


def unit(rows: int, dim: int, seed: int) -> NDArray[np.float32]:
    v = np.random.default_rng(seed).normal(size=(rows, dim)).astype(np.float32)
    out: NDArray[np.float32] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def planted(n: int = 4000, dim: int = 48, seed: int = 0) -> tuple[list[str], NDArray[np.float32], NDArray[np.float32]]:
    """A gallery and probes: 30 mates at cosine 0.6–0.95 of enrolled rows, 20 strangers."""
    rng = np.random.default_rng(seed)
    vecs = unit(n, dim, seed)
    rows = rng.choice(n, 30, replace=False)
    mix = rng.uniform(0.6, 0.95, size=(30, 1)).astype(np.float32)
    mates = mix * vecs[rows] + np.sqrt(1 - mix**2) * unit(30, dim, seed + 1)
    return [f"p{i}" for i in range(n)], vecs, np.vstack([mates, unit(20, dim, seed + 2)])


def pair(metric: Metric = "cosine", threads: int = 1, dim: int = 48) -> tuple[GalleryIndex, GalleryIndex]:
    return (GalleryIndex(dim, metric=metric, backend="numpy"),
            GalleryIndex(dim, metric=metric, backend="faiss-sq8", threads=threads))


def assert_same(exact: GalleryIndex, ours: GalleryIndex, probes: NDArray[np.float32], k: int) -> None:
    for a, b in zip(exact.search(probes, k), ours.search(probes, k), strict=True):
        assert [h.identity for h in b.hits] == [h.identity for h in a.hits]
        # squared distances: float32 ‖x‖² − 2x·q + ‖q‖² agrees to a few ulp of ‖x‖² (near-zero distances of a
        # probe to itself would magnify that noise under the square root)
        np.testing.assert_allclose([h.score**2 for h in b.hits], [h.score**2 for h in a.hits], rtol=1e-5, atol=1e-5)
        assert b.gallery_identities == a.gallery_identities


@pytest.mark.parametrize(("metric", "threads"), [("cosine", 1), ("cosine", 2), ("euclidean", 1)])
def test_same_identities_and_scores_as_exact_search(metric: Metric, threads: int) -> None:
    ids, vecs, probes = planted()
    if metric == "euclidean":  # dlib-like: not normalised
        vecs = vecs * np.random.default_rng(3).uniform(0.8, 1.6, size=(len(vecs), 1)).astype(np.float32)
    exact, ours = pair(metric, threads)
    for index in (exact, ours):
        index.add(ids, vecs)
    assert_same(exact, ours, probes, 20)
    assert ours.search_kind == "sq8" and ours.refine_counts.first_cut == len(probes)


def test_mates_are_found_first_with_their_exact_cosine() -> None:
    ids, vecs, probes = planted()
    gallery = FaceGallery(48, model_id="m", backend="faiss-sq8")
    gallery.add_many(ids, vecs)
    for probe in probes[:30]:
        best = int(np.argmax(vecs @ probe))
        [hit] = gallery.search(probe, 1)
        assert hit.identity == f"p{best}"
        assert hit.score == pytest.approx(float(vecs[best] @ probe / np.linalg.norm(probe)), abs=1e-5)


def test_removal_and_addition_keep_results_exact() -> None:
    ids, vecs, probes = planted()
    exact, ours = pair()
    for index in (exact, ours):
        index.add(ids, vecs)
    ours.search(probes[:1], 5)  # the codes exist before the changes
    gone = [f"p{i}" for i in range(0, 4000, 3)]  # past a quarter: the index compacts its rows too
    extra = unit(50, 48, 9)
    for index in (exact, ours):
        index.remove(gone)
        index.add([f"new{i}" for i in range(50)], extra)
        index.add(["p1"], extra[:1] + 0.05 * vecs[1:2])  # a second template for an enrolled identity
    assert_same(exact, ours, np.vstack([probes, vecs[:5], extra[:5]]), 15)
    assert not {h.identity for r in ours.search(vecs[:30:3], 10) for h in r.hits} & set(gone)


def test_a_wider_cut_then_the_exact_scan_when_the_proof_fails() -> None:
    """Rows all at the same distance from the probe: no cut short of everything proves the top k."""
    rng = np.random.default_rng(4)
    for n, path in ((3000, "widened"), (12_000, "exhaustive")):
        vecs = unit(n, 8, n)
        ids = [f"s{i}" for i in range(n)]
        exact, ours = (GalleryIndex(8, metric="euclidean", backend=b) for b in ("numpy", "faiss-sq8"))
        for index in (exact, ours):
            index.add(ids, vecs)
        probe = (rng.normal(size=(1, 8)) * 1e-3).astype(np.float32)  # near the centre of the sphere
        assert_same(exact, ours, probe, 5)
        assert getattr(ours.refine_counts, path) == 1 and ours.refine_counts.first_cut == 0


def test_rows_outside_the_scale_are_kept_aside_and_found() -> None:
    small = unit(600, 16, 5) * 0.1
    index = GalleryIndex(16, metric="euclidean", backend="faiss-sq8")
    index.add([f"a{i}" for i in range(600)], small)
    index.search(small[:1], 1)  # codes scaled to these small vectors
    loud = np.zeros((1, 16), np.float32)
    loud[0, 3] = 5.0
    index.add(["loud"], loud)
    assert index.search(loud * 0.9, 1)[0].hits[0].identity == "loud"
    index.remove("loud")
    assert all(h.identity != "loud" for h in index.search(loud, 5)[0].hits)


def test_many_rows_outside_the_scale_rebuild_the_codes() -> None:
    index = GalleryIndex(16, metric="euclidean", backend="faiss-sq8")
    index.add([f"a{i}" for i in range(300)], unit(300, 16, 6) * 0.1)
    index.search(np.zeros(16), 1)
    index.add([f"b{i}" for i in range(100)], unit(100, 16, 7) * 10)
    before = index._accel
    assert isinstance(before, CodeScan) and before.stale(len(index))
    assert index.search(unit(1, 16, 7)[0] * 10, 1)[0].hits[0].identity == "b0"
    assert index._accel is not before and isinstance(index._accel, CodeScan) and len(index._accel.aside) == 0


def test_quantisation_error_stays_within_half_a_step_per_dimension() -> None:
    vecs = unit(500, 32, 8)
    scale = CODE_MAX / float(np.abs(vecs).max())
    codes, fits, error = quantise(vecs, scale)
    assert fits.all() and np.all(codes == np.rint(codes)) and np.abs(codes).max() <= CODE_MAX
    assert error.max() <= 0.5 * np.sqrt(32) / scale + 1e-9
    np.testing.assert_allclose(error, np.linalg.norm(vecs - codes / scale, axis=1), rtol=1e-5)
    _, fits_loud, _ = quantise(vecs * 2, scale)
    assert not fits_loud.all()


def test_the_proof_rule() -> None:
    best = np.array([0.10, 0.20, 0.30], np.float32)
    assert proven(best, 3, np.inf, 1.0)  # every row was re-ranked
    assert not proven(best[:2], 3, 1.0, 0.0)  # fewer candidates than wanted, more rows exist
    assert proven(best, 3, 0.64, 0.1)  # reach 0.8 − 0.1 = 0.7, 0.49 ≥ 0.30
    assert not proven(best, 3, 0.64, 0.3)  # reach 0.5: 0.25 < 0.30
    assert not proven(best, 3, 0.01, 0.2)  # reach below zero


def test_empty_gallery_bad_dimensions_and_unknown_identity() -> None:
    gallery = FaceGallery(48, model_id="m", backend="faiss-sq8")
    assert gallery.search(unit(1, 48, 0)[0], 5) == [] and gallery.count() == 0
    with pytest.raises(TemplateMismatchError):
        gallery.add("a", unit(1, 47, 0)[0])
    with pytest.raises(TemplateMismatchError):
        gallery.add_many(["a", "b"], unit(2, 49, 0))
    gallery.add("a", unit(1, 48, 0)[0])
    with pytest.raises(TemplateMismatchError):
        gallery.search(unit(1, 50, 0)[0], 5)
    with pytest.raises(UnknownIdentityError):
        gallery.remove("nobody")
    gallery.remove("a")
    assert gallery.search(unit(1, 48, 0)[0], 5) == [] and gallery.count() == 0
    with pytest.raises(ValueError):
        GalleryIndex(48, backend="faiss-sq8").add(["x"], np.zeros((1, 40), np.float32))
