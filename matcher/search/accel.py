"""faiss accelerators for large galleries, kept in step with the index's rows by int64 keys.

``flat``: exact, faiss's SIMD scan (IndexFlatL2 behind an id map). ``ivf``: approximate, an inverted file
of ``nlist`` k-means cells of which ``nprobe`` are scanned per query (IndexIVFFlat), trained on the
gallery the first time it is needed. Both return squared L2 distances and the keys given at ``add``.
"""

from __future__ import annotations

import math
from typing import Any, Literal

import faiss
import numpy as np
from numpy.typing import NDArray

AccelKind = Literal["flat", "ivf"]


def ivf_nlist(n: int) -> int:
    """Cells for ``n`` vectors: about √n, a power of two, with at least 39 training points per cell."""
    n = max(n, 1)
    cells = 2 ** round(math.log2(math.sqrt(n)))
    while cells > 1 and cells * 39 > n:
        cells //= 2
    return int(min(8192, cells))


class FaissAccel:
    def __init__(self, kind: AccelKind, dim: int, vectors: NDArray[np.float32], keys: NDArray[np.int64],
                 *, nprobe: int = 128, threads: int = 1) -> None:
        faiss.omp_set_num_threads(threads)
        self.kind, self.threads, self.dim = kind, threads, dim
        self.trained_on = len(vectors)
        self.index: Any
        if kind == "flat":
            self.index = faiss.IndexIDMap2(faiss.IndexFlatL2(dim))
        else:
            nlist = ivf_nlist(len(vectors))
            quantizer = faiss.IndexFlatL2(dim)
            self.index = faiss.IndexIVFFlat(quantizer, dim, nlist, faiss.METRIC_L2)
            self._quantizer = quantizer  # keep the Python object alive with the index
            sample = vectors
            if len(vectors) > 40 * nlist:  # k-means on a fixed-seed sample
                pick = np.random.default_rng(1234).choice(len(vectors), 40 * nlist, replace=False)
                sample = vectors[np.sort(pick)]
            self.index.train(np.ascontiguousarray(sample))
            self.index.nprobe = min(nprobe, nlist)
        self.add(vectors, keys)

    def add(self, vectors: NDArray[np.float32], keys: NDArray[np.int64]) -> None:
        if len(vectors):
            self.index.add_with_ids(np.ascontiguousarray(vectors, np.float32), np.ascontiguousarray(keys))

    def remove(self, keys: NDArray[np.int64]) -> None:
        if len(keys):
            self.index.remove_ids(faiss.IDSelectorBatch(np.ascontiguousarray(keys, np.int64)))

    @property
    def nbytes(self) -> int:
        """Approximate: float32 rows and int64 ids (IVF centroids aside)."""
        return int(self.index.ntotal) * (4 * self.dim + 8)

    def stale(self, live: int) -> bool:
        """An inverted file trained on a quarter of today's gallery no longer fits it: retrain."""
        return self.kind == "ivf" and live > 4 * self.trained_on

    def search(self, queries: NDArray[np.float32], k: int) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
        faiss.omp_set_num_threads(self.threads)  # a code scan in the same thread may have set 1
        d, keys = self.index.search(np.ascontiguousarray(queries, np.float32), k)
        return np.asarray(d, np.float32), np.asarray(keys, np.int64)
