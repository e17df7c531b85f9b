"""The iris gallery behind the Gallery port: packed iris codes and masks as uint64 words in growable
arrays, searched with exactly the 1:1 rule of :func:`matcher.iris.compare.compare` — the smallest
Daugman-normalised fractional Hamming distance over the rotation shifts — vectorised over the gallery
(:func:`matcher.iris.search.nearest_distances`: XOR, AND, popcount, chunks of rows). Scores are distances
(lower is stronger), the unit of ``models/calibration/iris-loggabor-v2.json``.

Removal swaps the last row into the freed one (O(1), no dead rows to skip).
"""

from __future__ import annotations

import numpy as np

from matcher.iris import params
from matcher.iris.compare import check_compatible
from matcher.iris.errors import IrisTemplateError
from matcher.iris.hamming import Words, as_words
from matcher.iris.search import nearest_distances
from matcher.iris.types import IrisCode
from matcher.search.gallery import (
    DuplicateIdentityError,
    GalleryHit,
    UnknownIdentityError,
    check_identity,
    check_k,
)

CHUNK_ROWS = 4096


class IrisCodeGallery:
    lower_is_better = True

    def __init__(self, *, model_id: str = params.MODEL_ID, max_shift: int = params.MAX_SHIFT) -> None:
        self._model_id = model_id
        self.max_shift = max_shift
        self._kind: IrisCode | None = None  # the first code: every later one must be of its kind
        self._codes: Words = np.zeros((0, 0), np.uint64)
        self._masks: Words = np.zeros((0, 0), np.uint64)
        self._labels: list[str] = []
        self._row: dict[str, int] = {}

    @property
    def model_id(self) -> str:
        return self._model_id

    def _check(self, code: IrisCode) -> None:
        if code.model_id != self._model_id:
            raise IrisTemplateError(f"iris code of {code.model_id!r}; this gallery holds {self._model_id!r}",
                                    stage="search")
        if code.code.shape != code.mask.shape or code.code.size != code.columns * code.bytes_per_column:
            raise IrisTemplateError("iris code and mask sizes do not match its header", stage="search")
        if self._kind is not None:
            check_compatible(self._kind, code)

    def add(self, identity: str, template: IrisCode) -> None:
        if check_identity(identity) in self._row:
            raise DuplicateIdentityError(f"{identity!r} is already enrolled", stage="search")
        self._check(template)
        code, mask = as_words(template.code), as_words(template.mask)
        if self._kind is None:
            self._kind = template
            self._codes = np.zeros((16, code.size), np.uint64)
            self._masks = np.zeros((16, code.size), np.uint64)
        n = len(self._labels)
        if n == len(self._codes):
            self._codes = np.concatenate([self._codes, np.zeros_like(self._codes)])
            self._masks = np.concatenate([self._masks, np.zeros_like(self._masks)])
        self._codes[n], self._masks[n] = code, mask
        self._labels.append(identity)
        self._row[identity] = n

    def remove(self, identity: str) -> None:
        row = self._row.pop(check_identity(identity), None)
        if row is None:
            raise UnknownIdentityError(f"{identity!r} is not enrolled", stage="search")
        last = len(self._labels) - 1
        if row != last:
            moved = self._labels[last]
            self._codes[row], self._masks[row] = self._codes[last], self._masks[last]
            self._labels[row] = moved
            self._row[moved] = row
        self._labels.pop()

    def distances(self, probe: IrisCode) -> np.ndarray:
        """Normalised distance of ``probe`` to every enrolled code, in row order."""
        self._check(probe)
        n = len(self._labels)
        return nearest_distances(probe, self._codes[:n], self._masks[:n], max_shift=self.max_shift,
                                 chunk=CHUNK_ROWS)

    def search(self, probe: IrisCode, k: int) -> list[GalleryHit]:
        check_k(k)
        dist = self.distances(probe)
        if dist.size == 0:
            return []
        top = np.argpartition(dist, min(k, dist.size) - 1)[:k] if dist.size > k else np.arange(dist.size)
        order = top[np.argsort(dist[top], kind="stable")]
        return [GalleryHit(self._labels[i], float(dist[i]), r + 1) for r, i in enumerate(order)]

    def count(self) -> int:
        return len(self._labels)
