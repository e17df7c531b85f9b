"""1:N search: results equal brute force on every back end, removals are final, bytes round-trip."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher.errors import CalibrationError, TemplateFormatError
from matcher.search import GalleryIndex, decide, index_from_bytes, index_to_bytes, per_comparison_fmr
from matcher.thresholds import Calibration

BACKENDS = ["numpy", "faiss-flat", "faiss-sq8"]


def _gallery(n: int = 600, dim: int = 32, seed: int = 0) -> tuple[list[str], np.ndarray]:
    rng = np.random.default_rng(seed)
    ids = [f"id{i % (n // 2)}" for i in range(n)]  # two templates per identity
    return ids, rng.normal(size=(n, dim)).astype(np.float32)


def _brute_force(ids: list[str], vecs: np.ndarray, q: np.ndarray, k: int) -> list[tuple[str, float]]:
    d = np.linalg.norm(vecs.astype(np.float64) - q.astype(np.float64), axis=1)
    best: dict[str, float] = {}
    for ident, dist in zip(ids, d, strict=True):
        best[ident] = min(dist, best.get(ident, np.inf))
    return sorted(best.items(), key=lambda kv: kv[1])[:k]


@pytest.mark.parametrize("backend", [*BACKENDS, "auto"])
def test_search_equals_brute_force(backend: str) -> None:
    ids, vecs = _gallery()
    index = GalleryIndex(vecs.shape[1], backend=backend, exact_limit=100)  # type: ignore[arg-type]
    index.add(ids, vecs)
    queries = vecs[:20] + np.random.default_rng(1).normal(scale=0.3, size=(20, vecs.shape[1])).astype(np.float32)
    for q, result in zip(queries, index.search(queries, k=7), strict=True):
        expected = _brute_force(ids, vecs, q, 7)
        assert [h.identity for h in result.hits] == [e[0] for e in expected]
        np.testing.assert_allclose([h.score for h in result.hits], [e[1] for e in expected], rtol=1e-4, atol=1e-4)
        assert [h.rank for h in result.hits] == list(range(1, 8))
        assert result.gallery_identities == 300


def test_exact_search_streams_in_chunks() -> None:
    from matcher.search.exact import topk_l2

    _, vecs = _gallery(1000)
    q = (vecs[:3] + 0.01).astype(np.float32)
    sq = np.einsum("ij,ij->i", vecs, vecs)
    d_small, i_small = topk_l2(vecs, sq, q, 10, chunk=37)
    d_big, i_big = topk_l2(vecs, sq, q, 10)
    np.testing.assert_array_equal(i_small, i_big)
    # float32 ‖x‖² − 2x·q + ‖q‖²: BLAS may sum a chunk in another order, so distances agree to a few ulp
    # of the squared norms (~25 here), not of the distance itself (near 0 for these near-duplicates)
    scale = float(sq.max())
    np.testing.assert_allclose(d_small, d_big, rtol=1e-6, atol=float(8 * np.finfo(np.float32).eps) * scale)


def test_ivf_finds_mated_probes() -> None:
    rng = np.random.default_rng(2)
    vecs = rng.normal(size=(5000, 32)).astype(np.float32)
    ids = [f"p{i}" for i in range(5000)]
    index = GalleryIndex(32, backend="faiss-ivf", nprobe=16)
    index.add(ids, vecs)
    probes = vecs[:200] + rng.normal(scale=0.05, size=(200, 32)).astype(np.float32)
    top1 = [r.hits[0].identity for r in index.search(probes, k=1)]
    assert np.mean([t == f"p{i}" for i, t in enumerate(top1)]) >= 0.97


@pytest.mark.parametrize("backend", [*BACKENDS, "faiss-ivf"])
def test_removed_identity_never_appears(backend: str) -> None:
    ids, vecs = _gallery()
    index = GalleryIndex(vecs.shape[1], backend=backend, nprobe=64)  # type: ignore[arg-type]
    index.add(ids, vecs)
    index.search(vecs[:1], k=1)  # builds the faiss accelerator before the removal
    assert index.remove(["id3", "id7"]) == 4
    assert "id3" not in index and index.identities == 298 and len(index) == 596
    for result in index.search(vecs[[3, 7, 303, 307]], k=50):  # the removed templates themselves as probes
        assert not {"id3", "id7"} & {h.identity for h in result.hits}
    index.add(["id3"], vecs[3:4])  # re-enrolment brings the identity back
    assert index.search(vecs[3], k=1)[0].hits[0].identity == "id3"


def test_compaction_after_many_removals_keeps_results() -> None:
    ids, vecs = _gallery()
    index = GalleryIndex(vecs.shape[1], backend="numpy")
    index.add(ids, vecs)
    gone = [f"id{i}" for i in range(0, 300, 2)]
    index.remove(gone)
    keep = [i for i, ident in enumerate(ids) if ident not in set(gone)]
    q = vecs[keep[5]]
    expected = _brute_force([ids[i] for i in keep], vecs[keep], q, 5)
    assert [h.identity for h in index.search(q, k=5)[0].hits] == [e[0] for e in expected]


def test_persistence_round_trip() -> None:
    ids, vecs = _gallery(200)
    index = GalleryIndex(vecs.shape[1], model_id="dlib-resnet-v1-onnx")
    index.add(ids, vecs)
    index.remove("id4")
    blob = index_to_bytes(index)
    again = index_from_bytes(blob, backend="faiss-flat")
    assert again.model_id == "dlib-resnet-v1-onnx" and len(again) == len(index) and "id4" not in again
    a, b = index.search(vecs[:10], k=5), again.search(vecs[:10], k=5)
    assert [[h.identity for h in r.hits] for r in a] == [[h.identity for h in r.hits] for r in b]
    assert index_to_bytes(again) == blob


@pytest.mark.parametrize("damage", ["magic", "flip", "truncate"])
def test_damaged_bytes_are_refused(damage: str) -> None:
    ids, vecs = _gallery(20)
    index = GalleryIndex(vecs.shape[1])
    index.add(ids, vecs)
    blob = bytearray(index_to_bytes(index))
    if damage == "magic":
        blob[0:1] = b"X"
    elif damage == "flip":
        blob[100] ^= 1
    else:
        blob = blob[:-40]
    with pytest.raises(TemplateFormatError):
        index_from_bytes(bytes(blob))


def test_empty_index_and_bad_input() -> None:
    index = GalleryIndex(8)
    assert index.search(np.zeros(8), k=3)[0].hits == ()
    with pytest.raises(ValueError):
        index.add(["a"], np.zeros((1, 9)))
    with pytest.raises(ValueError):
        index.add(["a", "b"], np.zeros((1, 8)))


def test_cosine_metric_ranks_by_angle() -> None:
    index = GalleryIndex(2, metric="cosine")
    index.add(["east", "north"], np.array([[10.0, 0.0], [0.0, 0.1]]))
    hits = index.search(np.array([0.1, 1.0]), k=2)[0].hits
    assert [h.identity for h in hits] == ["north", "east"]


def test_gallery_size_correction() -> None:
    assert per_comparison_fmr(0.01, 1) == pytest.approx(0.01)
    assert per_comparison_fmr(0.01, 1000) == pytest.approx(1.00503e-5, rel=1e-4)  # ≈ α/N, a bit above
    assert per_comparison_fmr(0.01, 1000) > 0.01 / 1000
    cal = Calibration("m", True, {1e-2: 0.60, 1e-3: 0.55, 1e-4: 0.50})
    index = GalleryIndex(4, model_id="m")
    index.add([f"x{i}" for i in range(10)], np.zeros((10, 4), np.float32))
    result = index.search(np.full(4, 0.13, np.float32), k=3)[0]  # distance 0.26 to everyone
    small = decide(result, cal, fpir_target=0.01)  # N = 10 → p = 1.0045e-3, so FMR 1e-3 applies
    assert small.calibrated_fmr == 1e-3 and small.threshold == 0.55 and small.is_match
    far = decide(index.search(np.full(4, 0.3, np.float32), k=3)[0], cal, fpir_target=0.01)  # distance 0.6
    assert not far.is_match
    assert len(small.candidates) == 3
    big = GalleryIndex(4)
    big.add([f"y{i}" for i in range(1000)], np.zeros((1000, 4), np.float32))
    with pytest.raises(CalibrationError, match="calibrated only down to"):
        decide(big.search(np.zeros(4), k=1)[0], cal, fpir_target=0.01)


@settings(max_examples=40, deadline=None)
@given(n=st.integers(1, 120), k=st.integers(1, 12), seed=st.integers(0, 2**32 - 1),
       backend=st.sampled_from(BACKENDS), removed=st.integers(0, 5))
def test_property_top_k_equals_brute_force(n: int, k: int, seed: int, backend: str, removed: int) -> None:
    rng = np.random.default_rng(seed)
    vecs = rng.normal(size=(n, 8)).astype(np.float32)
    ids = [f"i{j % max(1, n // 2 + 1)}" for j in range(n)]
    index = GalleryIndex(8, backend=backend)  # type: ignore[arg-type]
    index.add(ids, vecs)
    gone = sorted(set(ids))[:removed]
    index.remove(gone)
    keep = [j for j, ident in enumerate(ids) if ident not in gone]
    q = rng.normal(size=8).astype(np.float32)
    hits = index.search(q, k=k)[0].hits
    expected = _brute_force([ids[j] for j in keep], vecs[keep], q, k) if keep else []
    np.testing.assert_allclose([h.score for h in hits], [e[1] for e in expected], rtol=1e-4, atol=1e-4)
    assert not set(gone) & {h.identity for h in hits}
