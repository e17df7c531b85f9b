"""1:N de-duplication on chimeric subjects (face of an LFW identity, two fingers of FVC): the 1:N
counterpart of :mod:`matcher.evaluation.chimeric`, simulated at score level.

A gallery built of real fingers would have to reuse them (60 real FVC fingers for ~1,100 identities), and a
reused finger would genuinely match every gallery subject it was dealt to — not the independence between
people the protocol assumes. So the finger side is drawn from the score pools instead, as the 1:1 module
does:

* every gallery identity is dealt two different fingers of the pool at random;
* face scores are real: the probe's embedding against every enrolled embedding;
* each finger score of a probe against a gallery identity is an impostor score drawn from the pool (with
  replacement), except against the mate of a mated search, where it is a genuine score of the mate's finger
  (a random impression pair of it);
* each modality keeps its top k (the Deduplicator's rule): a score outside it counts as FMR 1; identities in
  no top k are not candidates; candidates are fused by Fisher's method over the three modalities, exactly
  as :func:`matcher.search.gallery_fusion.fuse_hits` does.

Assumption, as for the 1:1 figures: face and finger scores are independent (within and between people).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.evaluation.chimeric import ScorePool
from matcher.evaluation.chimeric_report import estimates
from matcher.fusion import fisher_combined
from matcher.thresholds import FmrCurve

BLOCK = 256


@dataclass(frozen=True)
class SearchFmrs:
    """Per search: the mate's fused FMR (+inf when not a candidate), its rank among candidates, and for
    non-mated searches the strongest candidate's fused FMR (+inf when none)."""

    mate_fmr: NDArray[np.float64]
    mate_rank: NDArray[np.int64]
    best_non_mated_fmr: NDArray[np.float64]


def top_k_estimates(fmr: NDArray[np.float64], similarity: NDArray[np.float64], k: int) -> NDArray[np.float64]:
    """``fmr`` where the gallery column is in the row's top k by similarity, else 1.0 (no evidence)."""
    if similarity.shape[1] <= k:
        return fmr
    kth = -np.partition(-similarity, k - 1, axis=1)[:, k - 1 : k]
    return np.where(similarity >= kth, fmr, 1.0)


def _outcomes(fused: NDArray[np.float64], mates: NDArray[np.int64]) -> tuple[NDArray[np.float64], ...]:
    rows = np.arange(len(mates))
    mated = mates >= 0
    mate_fmr = np.where(mated, fused[rows, np.maximum(mates, 0)], np.inf)
    rank = (fused < mate_fmr[:, None]).sum(axis=1) + 1
    others = fused.copy()
    others[rows[mated], mates[mated]] = np.inf
    return mate_fmr, rank.astype(np.float64), others.min(axis=1)


def search_fmrs(gallery: NDArray[np.float32], probes: NDArray[np.float32], mates: NDArray[np.int64],
                face_curve: FmrCurve, finger: ScorePool | None, finger_curve: FmrCurve | None, *, k: int,
                seed: int) -> SearchFmrs:
    """``gallery`` / ``probes`` unit face embeddings; ``mates[i]`` the gallery row of probe i's mate or −1.
    With ``finger`` None the system is face alone."""
    rng = np.random.default_rng(seed)
    n = len(gallery)
    if finger is not None:
        subjects, by_subject = np.unique(finger.owner, return_inverse=True)
        if subjects.size < 2:
            raise ValueError("two different fingers per identity need at least two finger subjects")
        first = rng.integers(0, subjects.size, n)
        dealt = np.stack([first, (first + 1 + rng.integers(0, subjects.size - 1, n)) % subjects.size], axis=1)
        genuine_of = [np.flatnonzero(by_subject == s) for s in range(subjects.size)]
    mate_out, rank_out, best_out = [], [], []
    for start in range(0, len(probes), BLOCK):
        block_mates = mates[start : start + BLOCK]
        face_sim = probes[start : start + BLOCK].astype(np.float64) @ gallery.T.astype(np.float64)
        product = top_k_estimates(estimates(face_curve, face_sim), face_sim, k)
        candidate = face_sim >= (-np.partition(-face_sim, min(k, n) - 1, axis=1)[:, min(k, n) - 1 : min(k, n)])
        modalities = 1
        if finger is not None and finger_curve is not None:
            for j in range(2):
                sim = finger.impostor[rng.integers(0, finger.impostor.size, face_sim.shape)].astype(np.float64)
                for row in np.flatnonzero(block_mates >= 0):
                    pool = genuine_of[dealt[block_mates[row], j]]
                    sim[row, block_mates[row]] = finger.genuine[pool[rng.integers(0, pool.size)]]
                fmr = estimates(finger_curve, sim)
                product = product * top_k_estimates(fmr, sim, k)
                if n > k:
                    kth = -np.partition(-sim, k - 1, axis=1)[:, k - 1 : k]
                    candidate |= sim >= kth
                else:
                    candidate[:] = True
                modalities += 1
        fused = np.where(candidate, fisher_combined(product, modalities), np.inf)
        mate_fmr, rank, best = _outcomes(fused, block_mates)
        mate_out.append(mate_fmr)
        rank_out.append(rank)
        best_out.append(best)
    mate_all, rank_all, best_all = (np.concatenate(x) if x else np.zeros(0) for x in (mate_out, rank_out, best_out))
    mated = mates >= 0
    return SearchFmrs(mate_all[mated], rank_all[mated].astype(np.int64), best_all[~mated])
