"""1:N iris search and de-duplication on packed codes: XOR + AND + popcount in numpy, with the rotation
search, streaming the gallery in chunks so memory stays bounded (chunk x shifts x words).

A "rotation-shifted comparison" is one probe shift against one gallery code; a full comparison is
``2 * max_shift + 1`` of them and keeps the smallest normalised distance.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.iris import params
from matcher.iris.compare import check_compatible
from matcher.iris.errors import IrisTemplateError
from matcher.iris.hamming import Words, as_words, distances, normalised, shifted
from matcher.iris.types import IrisCode

CHUNK_ROWS = 1024


@dataclass(frozen=True)
class Candidate:
    index: int
    identifier: str
    distance: float


@dataclass(frozen=True)
class IrisGallery:
    identifiers: tuple[str, ...]
    codes: Words  # (N, words)
    masks: Words
    template: IrisCode  # the first enrolled code: the kind every probe must match

    def __len__(self) -> int:
        return len(self.identifiers)


def build_gallery(entries: Sequence[tuple[str, IrisCode]]) -> IrisGallery:
    if not entries:
        raise IrisTemplateError("an iris gallery needs at least one code", stage="search")
    first = entries[0][1]
    for _, code in entries:
        check_compatible(first, code)
    return IrisGallery(
        identifiers=tuple(i for i, _ in entries),
        codes=as_words(np.stack([c.code for _, c in entries])),
        masks=as_words(np.stack([c.mask for _, c in entries])),
        template=first,
    )


def nearest_distances(probe: IrisCode, codes: Words, masks: Words, *, max_shift: int = params.MAX_SHIFT,
                      chunk: int = CHUNK_ROWS, workers: int = 1) -> NDArray[np.float64]:
    """Normalised distance of the probe to each row of ``codes``/``masks`` (packed words), the smallest over the
    rotation shifts, ``chunk`` rows at a time. The caller has checked the probe is of the rows' kind. With
    ``workers`` > 1 the chunks are split across threads (numpy releases the GIL in its bitwise loops)."""
    p_codes, p_masks = shifted(probe, max_shift)
    out = np.empty(len(codes))

    def run(start: int) -> None:
        d, n = distances(p_codes, p_masks, codes[start:start + chunk], masks[start:start + chunk])
        out[start:start + chunk] = normalised(d, n).min(axis=0)

    starts = range(0, len(codes), chunk)
    if workers > 1 and len(starts) > 1:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            list(pool.map(run, starts))
    else:
        for start in starts:
            run(start)
    return out


def distances_to_all(gallery: IrisGallery, probe: IrisCode, *, max_shift: int = params.MAX_SHIFT,
                     rows: slice | None = None, chunk: int = CHUNK_ROWS, workers: int = 1) -> NDArray[np.float64]:
    """Normalised distance of the probe to each gallery code (or to the rows of ``rows``); ``workers`` as in
    :func:`nearest_distances`."""
    check_compatible(gallery.template, probe)
    codes, masks = (gallery.codes, gallery.masks) if rows is None else (gallery.codes[rows], gallery.masks[rows])
    return nearest_distances(probe, codes, masks, max_shift=max_shift, chunk=chunk, workers=workers)


def search(gallery: IrisGallery, probe: IrisCode, *, k: int = 5, max_shift: int = params.MAX_SHIFT) -> list[Candidate]:
    """The ``k`` nearest gallery codes, nearest first."""
    dist = distances_to_all(gallery, probe, max_shift=max_shift)
    order = np.argsort(dist, kind="stable")[:k]
    return [Candidate(int(i), gallery.identifiers[i], float(dist[i])) for i in order]


def all_pairs(gallery: IrisGallery, *, max_shift: int = params.MAX_SHIFT) -> NDArray[np.float64]:
    """(N, N) distances, upper triangle filled (i < j), the rest NaN: every pair compared once."""
    n = len(gallery)
    out = np.full((n, n), np.nan)
    for i in range(n - 1):
        probe = IrisCode(code=gallery.codes[i].view(np.uint8)[: gallery.template.code.size],
                         mask=gallery.masks[i].view(np.uint8)[: gallery.template.code.size],
                         columns=gallery.template.columns, bytes_per_column=gallery.template.bytes_per_column,
                         model_id=gallery.template.model_id)
        out[i, i + 1:] = distances_to_all(gallery, probe, max_shift=max_shift, rows=slice(i + 1, n))
    return out


def duplicates(gallery: IrisGallery, threshold: float, *,
               max_shift: int = params.MAX_SHIFT) -> list[tuple[str, str, float]]:
    """Every pair of enrolled codes closer than ``threshold`` (normalised HD): the same eye enrolled twice."""
    dist = all_pairs(gallery, max_shift=max_shift)
    i, j = np.nonzero(dist < threshold)
    found = [(gallery.identifiers[a], gallery.identifiers[b], float(dist[a, b])) for a, b in zip(i, j, strict=True)]
    return sorted(found, key=lambda t: t[2])
