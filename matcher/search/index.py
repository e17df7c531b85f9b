"""The gallery index for 1:N search (watchlists, enrolment de-duplication).

Rows are (identity, template) pairs; an identity may own several templates (several enrolment images).
The numpy arrays are the record of truth: exact search runs on them directly; for large galleries a
faiss accelerator (:mod:`matcher.search.accel`, or the 8-bit codes of :mod:`matcher.search.codes`) is kept
in step by int64 row keys. Removal is immediate:
removed rows are masked out of every search path and compacted away once they exceed a quarter of the
buffer. Scores are Euclidean distances (lower is better), the native score of the dlib descriptor and
the unit of its calibration; ``metric="cosine"`` L2-normalises vectors and ranks by the same distance
(monotone in cosine similarity: d² = 2 − 2·cos).

``backend``: ``"numpy"`` exact; ``"faiss-flat"`` exact; ``"faiss-sq8"`` exact, faster: an exhaustive scan
of 8-bit codes whose candidates are re-ranked with the float vectors and proven complete
(:mod:`matcher.search.codes`, :mod:`matcher.search.refine`); ``"faiss-ivf"`` approximate (see the recall
figures in docs/onnx-and-search.md); ``"auto"``: numpy below ``exact_limit`` rows, exact faiss-sq8 up to
``ivf_limit`` (a watchlist or a de-duplication should not miss a hit to save milliseconds), faiss-ivf above.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

import numpy as np
from numpy.typing import NDArray

from matcher.search.accel import FaissAccel
from matcher.search.codes import CodeScan
from matcher.search.exact import topk_l2
from matcher.search.refine import RefineCounts, certified_topk, stack

Backend = Literal["auto", "numpy", "faiss-flat", "faiss-sq8", "faiss-ivf"]
Kind = Literal["numpy", "flat", "sq8", "ivf"]
Metric = Literal["euclidean", "cosine"]
EXACT_LIMIT = 50_000
IVF_LIMIT = 5_000_000
_A = TypeVar("_A", bound=np.ndarray)


@dataclass(frozen=True)
class Hit:
    identity: str
    score: float  # Euclidean distance, lower is better
    rank: int  # 1-based rank among identities


@dataclass(frozen=True)
class SearchResult:
    """The top identities for one probe, best first, each with its best template's distance."""

    hits: tuple[Hit, ...]
    gallery_identities: int
    model_id: str


class GalleryIndex:
    def __init__(self, dim: int, *, model_id: str = "", metric: Metric = "euclidean", backend: Backend = "auto",
                 exact_limit: int = EXACT_LIMIT, ivf_limit: int = IVF_LIMIT, nprobe: int = 128,
                 threads: int = 1) -> None:
        if dim <= 0:
            raise ValueError("dim must be positive")
        self.dim, self.model_id, self.metric, self.backend = dim, model_id, metric, backend
        self.exact_limit, self.ivf_limit, self.nprobe, self.threads = exact_limit, ivf_limit, nprobe, threads
        self._vecs = np.zeros((0, dim), np.float32)
        self._sq = np.zeros(0, np.float32)
        self._keys = np.zeros(0, np.int64)
        self._labels: list[str] = []
        self._alive = np.zeros(0, bool)
        self._n = 0
        self._live = 0  # alive rows, kept as a count: summing a million-row mask costs a search ~1 ms
        self._next_key = 0
        self._keys_of: dict[str, list[int]] = {}
        self._owners_by_size: dict[int, int] = {}  # templates per identity -> identities with that many
        self._accel: FaissAccel | CodeScan | None = None
        self.refine_counts = RefineCounts()

    # ------------------------------------------------------------------ contents
    def __len__(self) -> int:
        """Live templates."""
        return self._live

    @property
    def identities(self) -> int:
        return len(self._keys_of)

    def __contains__(self, identity: object) -> bool:
        return identity in self._keys_of

    def add(self, identities: Sequence[str], templates: NDArray[np.floating]) -> None:
        vecs = self._prepare(templates)
        if len(identities) != len(vecs):
            raise ValueError(f"{len(identities)} identities for {len(vecs)} templates")
        if any(not isinstance(i, str) or not i for i in identities):
            raise ValueError("identities must be non-empty strings")
        m = len(vecs)
        self._reserve(self._n + m)
        rows = slice(self._n, self._n + m)
        keys = np.arange(self._next_key, self._next_key + m, dtype=np.int64)
        self._vecs[rows], self._sq[rows], self._keys[rows] = vecs, np.einsum("ij,ij->i", vecs, vecs), keys
        self._alive[rows] = True
        self._labels.extend(identities)
        self._n += m
        self._live += m
        self._next_key += m
        for ident, key in zip(identities, keys.tolist(), strict=True):
            owned = self._keys_of.setdefault(ident, [])
            self._count_owner(len(owned), -1)
            owned.append(key)
            self._count_owner(len(owned), +1)
        if self._accel is not None:
            self._accel.add(vecs, keys)

    def remove(self, identities: Sequence[str] | str) -> int:
        """Remove every template of the given identities; returns how many templates went."""
        gone = {identities} if isinstance(identities, str) else set(identities)
        for ident in gone & self._keys_of.keys():
            self._count_owner(len(self._keys_of[ident]), -1)
        keys = np.array([key for ident in gone for key in self._keys_of.pop(ident, [])], np.int64)
        if len(keys) == 0:
            return 0
        rows = np.searchsorted(self._keys[: self._n], keys)
        self._alive[rows] = False
        self._live -= len(rows)
        if self._accel is not None:
            self._accel.remove(keys)
        if (self._n - len(self)) * 4 > self._n:
            self._compact()
        return len(rows)

    def _count_owner(self, size: int, delta: int) -> None:
        if size == 0:
            return
        left = self._owners_by_size.get(size, 0) + delta
        if left:
            self._owners_by_size[size] = left
        else:
            self._owners_by_size.pop(size, None)

    # ------------------------------------------------------------------ search
    def search(self, queries: NDArray[np.floating], k: int = 5) -> list[SearchResult]:
        """Top-``k`` identities for each query row (a single 1-D query is one row)."""
        q = self._prepare(queries)
        if k <= 0:
            raise ValueError("k must be positive")
        per_identity = max(self._owners_by_size, default=1)  # O(distinct sizes), not O(identities)
        want = min(len(self), k * per_identity)
        if want == 0:
            return [SearchResult((), 0, self.model_id) for _ in range(len(q))]
        d2, rows = self._search_rows(q, want)
        return [self._result(d2[j], rows[j], k) for j in range(len(q))]

    def _search_rows(self, q: NDArray[np.float32], want: int) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
        kind = self._kind()
        if kind == "numpy":
            return topk_l2(self._vecs[: self._n], self._sq[: self._n], q, want, self._alive[: self._n])
        accel = self._accel
        if accel is None or accel.kind != kind or accel.stale(len(self)):
            live = np.flatnonzero(self._alive[: self._n])
            if kind == "sq8":
                accel = CodeScan(self.dim, self._vecs[live], self._keys[live], threads=self.threads)
            else:
                accel = FaissAccel(kind, self.dim, self._vecs[live], self._keys[live], nprobe=self.nprobe,
                                   threads=self.threads)
            self._accel = accel
        if isinstance(accel, CodeScan):
            n = self._n
            return stack([certified_topk(accel, self._vecs[:n], self._sq[:n], self._keys[:n], self._alive[:n], row,
                                         want, self.refine_counts) for row in q], want)
        d2, keys = accel.search(q, want)
        live_keys = self._keys[: self._n]  # ascending: keys are issued in row order, compaction keeps it
        rows = np.minimum(np.searchsorted(live_keys, keys), max(self._n - 1, 0))
        rows = np.where((keys >= 0) & (live_keys[rows] == keys), rows, -1)
        return d2, rows.astype(np.int64)

    @property
    def accelerator_bytes(self) -> int:
        """Memory the faiss accelerator holds beside the float32 rows (0 without one)."""
        return 0 if self._accel is None else self._accel.nbytes

    @property
    def search_kind(self) -> Kind:
        """What a search runs on now (``backend`` resolved against the gallery's size)."""
        return self._kind()

    def _kind(self) -> Kind:
        if self.backend == "numpy" or (self.backend == "auto" and len(self) < self.exact_limit):
            return "numpy"
        if self.backend == "faiss-flat":
            return "flat"
        if self.backend == "faiss-sq8" or (self.backend == "auto" and len(self) < self.ivf_limit):
            return "sq8"
        return "ivf"

    def _result(self, d2: NDArray[np.float32], rows: NDArray[np.int64], k: int) -> SearchResult:
        hits: list[Hit] = []
        seen: set[str] = set()
        for dist2, row in zip(d2, rows, strict=True):
            if row < 0 or not np.isfinite(dist2) or not self._alive[row]:
                continue  # removed after the accelerator answered, or padding from faiss
            ident = self._labels[row]
            if ident in seen:
                continue
            seen.add(ident)
            hits.append(Hit(ident, float(np.sqrt(max(float(dist2), 0.0))), len(hits) + 1))
            if len(hits) == k:
                break
        return SearchResult(tuple(hits), self.identities, self.model_id)

    # ------------------------------------------------------------------ storage
    def _prepare(self, x: NDArray[np.floating]) -> NDArray[np.float32]:
        arr = np.asarray(x, dtype=np.float32)
        if arr.ndim == 1:
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != self.dim or not np.isfinite(arr).all():
            raise ValueError(f"expected finite (N, {self.dim}) templates, got {arr.shape}")
        if self.metric == "cosine":
            norms = np.linalg.norm(arr, axis=1, keepdims=True)
            arr = (arr / np.where(norms > 0, norms, 1)).astype(np.float32)
        return np.ascontiguousarray(arr, dtype=np.float32)

    def _reserve(self, rows: int) -> None:
        if rows <= len(self._vecs):
            return
        cap = max(rows, 2 * len(self._vecs), 1024)
        self._vecs, self._sq = _grow(self._vecs, cap), _grow(self._sq, cap)
        self._keys, self._alive = _grow(self._keys, cap), _grow(self._alive, cap)

    def _compact(self) -> None:
        live = np.flatnonzero(self._alive[: self._n])
        self._vecs, self._sq, self._keys = self._vecs[live].copy(), self._sq[live].copy(), self._keys[live].copy()
        self._labels = [self._labels[i] for i in live]
        self._alive = np.ones(len(live), bool)
        self._n = len(live)

    def live_rows(self) -> tuple[list[str], NDArray[np.float32]]:
        """(identities, templates) of the live rows, in insertion order — what persistence stores."""
        live = np.flatnonzero(self._alive[: self._n])
        return [self._labels[i] for i in live], self._vecs[live].copy()


def _grow(a: _A, cap: int) -> _A:
    out = np.zeros((cap, *a.shape[1:]), a.dtype)
    out[: len(a)] = a
    return out  # type: ignore[return-value]
