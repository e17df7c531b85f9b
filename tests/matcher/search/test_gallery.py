"""The Gallery port on face embeddings: add, remove, search top-k and count agree across the numpy,
faiss-flat, faiss-sq8 and faiss-ivf back ends, and bad inputs raise typed errors."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from numpy.typing import NDArray

from matcher.errors import TemplateFormatError, TemplateMismatchError
from matcher.search.gallery import (
    DuplicateIdentityError,
    FaceGallery,
    GalleryError,
    UnknownIdentityError,
)

DIM = 64
BACKENDS = ("numpy", "faiss-flat", "faiss-sq8", "faiss-ivf")


def unit(rows: int, seed: int) -> NDArray[np.float32]:
    v = np.random.default_rng(seed).normal(size=(rows, DIM)).astype(np.float32)
    out: NDArray[np.float32] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return out


def filled(backend: str, rows: int = 2000) -> tuple[FaceGallery, NDArray[np.float32]]:
    gallery = FaceGallery(DIM, model_id="test-model", backend=backend)  # type: ignore[arg-type]
    vectors = unit(rows, 1)
    gallery.add_many([f"p{i}" for i in range(rows)], vectors)
    return gallery, vectors


@pytest.mark.parametrize("backend", BACKENDS)
def test_search_finds_the_enrolled_person_first_with_cosine_scores(backend: str) -> None:
    gallery, vectors = filled(backend)
    probe = vectors[123] + 0.05 * unit(1, 2)[0]
    hits = gallery.search(probe, 5)
    assert hits[0].identity == "p123" and [h.rank for h in hits] == [1, 2, 3, 4, 5]
    cos = float(vectors[123] @ probe / np.linalg.norm(probe))
    assert hits[0].score == pytest.approx(cos, abs=1e-4)
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))
    assert not gallery.lower_is_better and gallery.model_id == "test-model"


@pytest.mark.parametrize("backend", BACKENDS)
def test_add_remove_and_count(backend: str) -> None:
    gallery, vectors = filled(backend)
    assert gallery.count() == 2000
    gallery.remove("p123")
    assert gallery.count() == 1999
    assert all(h.identity != "p123" for h in gallery.search(vectors[123], 10))
    gallery.add("p123", vectors[123])
    assert gallery.search(vectors[123], 1)[0].identity == "p123"
    assert gallery.count() == 2000


@pytest.mark.parametrize("backend", BACKENDS)
def test_exact_backends_agree_with_brute_force(backend: str) -> None:
    gallery, vectors = filled(backend)
    probes = unit(20, 3)
    for probe in probes:
        want = np.argsort(-(vectors @ probe))[:3]
        got = [int(h.identity[1:]) for h in gallery.search(probe, 3)]
        if backend != "faiss-ivf":  # ivf is approximate: its recall is measured by the benchmark
            assert got == want.tolist()
        else:
            assert got[0] in want.tolist()


def test_euclidean_gallery_scores_distances() -> None:
    gallery = FaceGallery(DIM, model_id="dlib", metric="euclidean", backend="numpy")
    a, b = unit(2, 4)
    gallery.add("a", a)
    gallery.add("b", b)
    [hit] = gallery.search(a, 1)
    assert gallery.lower_is_better and hit.identity == "a" and hit.score == pytest.approx(0.0, abs=1e-3)


def test_empty_gallery_returns_no_hits() -> None:
    assert FaceGallery(DIM, model_id="m").search(unit(1, 0)[0], 5) == []


def test_bad_inputs_raise_typed_errors() -> None:
    gallery = FaceGallery(DIM, model_id="m", backend="numpy")
    v = unit(1, 5)[0]
    gallery.add("a", v)
    with pytest.raises(DuplicateIdentityError):
        gallery.add("a", v)
    with pytest.raises(UnknownIdentityError):
        gallery.remove("nobody")
    with pytest.raises(TemplateMismatchError):
        gallery.add("b", v[:10])
    with pytest.raises(TemplateFormatError):
        gallery.search(np.full(DIM, np.nan, np.float32), 1)
    with pytest.raises(TemplateFormatError):
        gallery.add("zero", np.zeros(DIM, np.float32))
    with pytest.raises(GalleryError):
        gallery.add("", v)
    with pytest.raises(ValueError):
        gallery.search(v, 0)
    with pytest.raises(DuplicateIdentityError):
        gallery.add_many(["x", "x"], unit(2, 6))
    assert gallery.count() == 1


def test_identities_with_several_templates_keep_the_search_deep_enough() -> None:
    """The index tracks the most templates any identity owns (to fetch k identities, not k rows)."""
    from matcher.search.index import GalleryIndex

    index = GalleryIndex(DIM, metric="cosine", backend="numpy")
    v = unit(5, 7)
    index.add(["a", "a", "a", "b", "c"], np.vstack([v[0], v[0] * 0.99 + v[1] * 0.01, v[0], v[3], v[4]]))
    assert {h.identity for h in index.search(v[0], 3)[0].hits} == {"a", "b", "c"}  # not three rows of "a"
    index.remove("a")
    assert {h.identity for h in index.search(v[0], 3)[0].hits} == {"b", "c"}
