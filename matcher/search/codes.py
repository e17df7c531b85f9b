"""8-bit codes of a gallery, scanned exhaustively by faiss: the pre-selection of the exact ``faiss-sq8`` search.

Each template x is stored as c = round(s·x), an int8 vector (one scale s for every dimension, set from the
largest component when the codes are built), in faiss ``IndexScalarQuantizer(QT_8bit_direct_signed)``; a
probe q is compared with every code as ‖s·q − c‖² / s² = ‖q − x̂‖² with x̂ = c / s: a quarter of the bytes of
float32 and a cheap decode. Nothing is approximate in what the search returns: the reconstruction error
‖x − x̂‖ bounds how far each approximate distance is from the exact one (|‖q − x‖ − ‖q − x̂‖| ≤ ‖x − x̂‖,
the triangle inequality), and :mod:`matcher.search.refine` uses :attr:`CodeScan.max_error` to prove that
no row outside the candidates can enter the top k.

Rows enrolled later whose components do not fit the scale are not coded (their clipping error would
loosen the bound for every search) but kept aside and always re-ranked; when they pile up the scan is
:meth:`stale` and the index rebuilds it with a new scale. One faiss search of one probe runs on one core,
so with ``threads`` > 1 the codes are split into that many shards (by key) searched concurrently (faiss
releases the GIL).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

import faiss
import numpy as np
from numpy.typing import NDArray

CODE_MAX = 127
_CHUNK = 16_384


@cache
def _pool(threads: int) -> ThreadPoolExecutor:
    return ThreadPoolExecutor(threads, thread_name_prefix="codescan", initializer=faiss.omp_set_num_threads,
                              initargs=(1,))


def quantise(vectors: NDArray[np.float32], scale: float
             ) -> tuple[NDArray[np.float32], NDArray[np.bool_], NDArray[np.float32]]:
    """(integer-valued codes as float32, rows that fit the scale, each row's error ‖x − c/s‖). In float32:
    its rounding (~1e-7 of a component) is far inside the tolerance of :func:`matcher.search.refine.proven`."""
    scaled = np.asarray(vectors, np.float32) * np.float32(scale)
    fits = np.abs(scaled).max(axis=1, initial=0.0) <= CODE_MAX + 0.49
    codes = np.rint(scaled)
    np.clip(codes, -CODE_MAX, CODE_MAX, out=codes)
    scaled -= codes
    error = np.sqrt(np.einsum("ij,ij->i", scaled, scaled)) / np.float32(scale)
    return codes, fits, error


class CodeScan:
    kind = "sq8"

    def __init__(self, dim: int, vectors: NDArray[np.float32], keys: NDArray[np.int64], *, threads: int = 1) -> None:
        peak = float(np.abs(vectors).max(initial=0.0))
        self.dim, self.threads = dim, max(1, threads)
        self.scale = CODE_MAX / peak if peak > 0 else 1.0
        self.max_error = 0.0  # over every row ever coded: removal never lowers it (a looser, still valid bound)
        self.aside = np.zeros(0, np.int64)  # keys of rows that do not fit the scale
        self._shards: list[Any] = [
            faiss.IndexIDMap(faiss.IndexScalarQuantizer(dim, faiss.ScalarQuantizer.QT_8bit_direct_signed,
                                                        faiss.METRIC_L2)) for _ in range(self.threads)]
        self.add(vectors, keys)

    @property
    def nbytes(self) -> int:
        """Codes (one byte per dimension) and int64 ids."""
        return sum(int(s.ntotal) for s in self._shards) * (self.dim + 8) + self.aside.nbytes

    def stale(self, live: int) -> bool:
        """Too many rows outside the scale (re-ranked on every search): time to rebuild with a new scale."""
        return len(self.aside) > 64 + live // 100

    def add(self, vectors: NDArray[np.float32], keys: NDArray[np.int64]) -> None:
        for start in range(0, len(vectors), _CHUNK):
            codes, fits, error = quantise(vectors[start : start + _CHUNK], self.scale)
            part = keys[start : start + _CHUNK]
            self.aside = np.concatenate([self.aside, part[~fits]])
            if fits.any():
                self.max_error = max(self.max_error, float(error[fits].max()))
            if not fits.all():
                codes, part = codes[fits], part[fits]
            for shard_no, shard in enumerate(self._shards):
                mine = slice(None) if self.threads == 1 else part % self.threads == shard_no
                if len(part[mine]):
                    shard.add_with_ids(np.ascontiguousarray(codes[mine]), np.ascontiguousarray(part[mine]))

    def remove(self, keys: NDArray[np.int64]) -> None:
        if len(keys) == 0:
            return
        chosen = np.ascontiguousarray(keys, np.int64)
        for shard in self._shards:
            shard.remove_ids(faiss.IDSelectorBatch(chosen))
        self.aside = np.setdiff1d(self.aside, chosen)

    def candidates(self, query: NDArray[np.float32], r: int) -> tuple[NDArray[np.int64], float]:
        """The keys of the ``r`` nearest codes of each shard, and a bound: every coded row not returned is at
        approximate squared distance ≥ bound (``inf`` when all were returned). The exact re-rank ranks them."""
        scaled = np.ascontiguousarray(query.reshape(1, -1) * np.float32(self.scale), np.float32)
        shards = [s for s in self._shards if s.ntotal > 0]
        if self.threads > 1 and len(shards) > 1:
            found = list(_pool(self.threads).map(lambda s: s.search(scaled, min(r, s.ntotal)), shards))
        else:
            faiss.omp_set_num_threads(1)  # one probe: the OpenMP team would only spin
            found = [s.search(scaled, min(r, s.ntotal)) for s in shards]
        bound = np.inf
        for shard, (d2, _) in zip(shards, found, strict=True):
            if shard.ntotal > r:  # a non-finite tail (overflow, NaN) proves nothing: bound 0, never proven
                tail = float(d2[0, -1])
                bound = min(bound, tail if np.isfinite(tail) else 0.0)
        if not found:
            return np.zeros(0, np.int64), bound
        keys = np.concatenate([f[1][0] for f in found]).astype(np.int64)
        return keys[keys >= 0], bound / self.scale**2
