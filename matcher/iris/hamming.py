"""Fractional Hamming distance over barrel shifts, on packed codes, with Daugman's normalisation:

    HD_raw  = ||(A xor B) and mask_A and mask_B|| / ||mask_A and mask_B||
    HD_norm = 0.5 - (0.5 - HD_raw) * sqrt(n / REFERENCE_BITS)      (Daugman 2007, n = bits compared)

so that a distance measured on few bits (an occluded iris) is pulled towards 0.5, the impostor mean,
instead of matching by chance. The score of a pair is the smallest normalised distance over the shifts.
Packed bytes are viewed as 64-bit words and counted with ``np.bitwise_count`` (a table lookup on numpy < 2).
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from matcher.iris import params
from matcher.iris.types import IrisCode

Words = NDArray[np.uint64]
_TABLE = np.array([bin(i).count("1") for i in range(256)], dtype=np.uint8)


def popcount_sum(words: Words) -> NDArray[np.int64]:
    """Set bits along the last axis."""
    counter = getattr(np, "bitwise_count", None)
    if counter is not None:
        counts: NDArray[np.int64] = counter(words).sum(axis=-1, dtype=np.int64)
        return counts
    as_bytes = words.view(np.uint8)
    out: NDArray[np.int64] = _TABLE[as_bytes].sum(axis=-1, dtype=np.int64)
    return out


def as_words(packed: NDArray[np.uint8]) -> Words:
    """A packed code (or a stack of them, last axis bytes) as uint64 words, zero-padded to whole words."""
    arr = np.ascontiguousarray(packed)
    pad = (-arr.shape[-1]) % 8
    if pad:
        arr = np.concatenate([arr, np.zeros((*arr.shape[:-1], pad), np.uint8)], axis=-1)
    out: Words = arr.view(np.uint64)
    return out


@lru_cache(maxsize=16)
def _shift_index(n_bytes: int, bytes_per_column: int, max_shift: int) -> NDArray[np.intp]:
    shifts = np.arange(-max_shift, max_shift + 1)
    return (np.arange(n_bytes)[None, :] - shifts[:, None] * bytes_per_column) % n_bytes


def shifted(code: IrisCode, max_shift: int = params.MAX_SHIFT) -> tuple[Words, Words]:
    """The code and mask rolled by every shift in [-max_shift, max_shift] columns, as (shifts, words)."""
    idx = _shift_index(code.code.size, code.bytes_per_column, max_shift)
    return as_words(code.code[idx]), as_words(code.mask[idx])


def normalised(disagree: NDArray[np.int64], compared: NDArray[np.int64]) -> NDArray[np.float64]:
    n = compared.astype(np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.where(n > 0, disagree / np.maximum(n, 1.0), 0.5)
        norm = 0.5 - (0.5 - raw) * np.sqrt(n / params.REFERENCE_BITS)
    out: NDArray[np.float64] = np.where(n >= params.MIN_BITS_COMPARED, norm, 0.5)
    return out


def distances(probe_codes: Words, probe_masks: Words, codes: Words, masks: Words) -> tuple[
        NDArray[np.int64], NDArray[np.int64]]:
    """(disagreeing bits, bits compared), each (shifts, gallery rows)."""
    both = probe_masks[:, None, :] & masks[None, :, :]
    differ = (probe_codes[:, None, :] ^ codes[None, :, :]) & both
    return popcount_sum(differ), popcount_sum(both)
