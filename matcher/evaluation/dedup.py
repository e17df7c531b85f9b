"""The de-duplication protocol (1:N, open set) and its figures, pure: identities in, searches and rates out.

Split (:func:`split`) of a set with one folder per identity, images sorted by name:

* identities with fewer than ``min_images`` images are never enrolled: each of their images is a
  non-mated search (someone who is not in the gallery applies);
* of the others, a fraction ``holdout`` of the identities (drawn with a fixed seed) is held out of the
  gallery the same way: every image of theirs is a non-mated search;
* every remaining identity enrols its first image; each of its other images is a mated search (the same
  person applying again).

Rates (ISO/IEC 19795-1 open-set identification): a search returns candidates above a threshold;
FPIR = share of non-mated searches returning any candidate; FNIR = share of mated searches whose mate is
not among the returned candidates. The score of a candidate is its fused FMR (lower is stronger), so
"above the threshold" means fused FMR ≤ t. ``fnir_at_fpir`` sets t empirically — the largest t whose
measured FPIR stays at or below the target — and is reported only when the non-mated searches are enough
to measure the target (at least 1 / target of them).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

FPIR_TARGETS = (0.01, 0.001)


@dataclass(frozen=True)
class Split:
    enrolled: tuple[tuple[str, int], ...]  # (identity, sample index) of the gallery
    mated: tuple[tuple[str, int], ...]  # (identity of the mate, sample index of the probe)
    non_mated: tuple[int, ...]  # sample indices
    held_out: tuple[str, ...]  # identities with enough images kept out of the gallery

    def as_dict(self) -> dict[str, int]:
        return {"gallery": len(self.enrolled), "mated_searches": len(self.mated),
                "non_mated_searches": len(self.non_mated), "held_out_identities": len(self.held_out)}


def split(identities: Sequence[str], *, holdout: float = 0.1, min_images: int = 2, seed: int = 0) -> Split:
    """``identities[i]`` is the identity of sample i; samples of an identity are in name order."""
    if not 0.0 <= holdout < 1.0:
        raise ValueError("the held-out fraction must lie in [0, 1)")
    if min_images < 1:
        raise ValueError("min_images must be at least 1")
    samples: dict[str, list[int]] = {}
    for i, ident in enumerate(identities):
        samples.setdefault(ident, []).append(i)
    eligible = sorted(i for i, s in samples.items() if len(s) >= min_images)
    rng = np.random.default_rng(seed)
    n_out = round(holdout * len(eligible))
    held = set(np.asarray(eligible)[rng.permutation(len(eligible))[:n_out]].tolist()) if n_out else set()
    enrolled: list[tuple[str, int]] = []
    mated: list[tuple[str, int]] = []
    non_mated: list[int] = []
    for ident in sorted(samples):
        rows = samples[ident]
        if len(rows) < min_images or ident in held:
            non_mated.extend(rows)
        else:
            enrolled.append((ident, rows[0]))
            mated.extend((ident, r) for r in rows[1:])
    if not enrolled:
        raise ValueError("no identity is left to enrol: need identities with at least min_images images")
    return Split(tuple(enrolled), tuple(mated), tuple(non_mated), tuple(sorted(held)))


def fnir_at_fpir(mate_fmr: NDArray[np.float64], best_non_mated_fmr: NDArray[np.float64],
                 fpir: float) -> dict[str, Any] | None:
    """FNIR at the empirical threshold for ``fpir``; ``mate_fmr`` is +inf where the mate was not returned,
    ``best_non_mated_fmr`` +inf where a non-mated search returned nobody. None when not measurable."""
    nm = np.sort(np.asarray(best_non_mated_fmr, np.float64))
    if nm.size * fpir < 1.0 or np.asarray(mate_fmr).size == 0:
        return None
    allowed = int(np.floor(fpir * nm.size + 1e-9))
    cut = nm[allowed] if allowed < nm.size else np.inf  # accept fused FMR strictly below the cut
    mates = np.asarray(mate_fmr, np.float64)
    hit = mates < cut if np.isfinite(cut) else np.isfinite(mates)
    measured = float(np.mean(nm < cut)) if np.isfinite(cut) else float(np.mean(np.isfinite(nm)))
    return {"fnir": float(1.0 - hit.mean()), "fpir_measured": measured,
            "threshold_fused_fmr": None if not np.isfinite(cut) else float(cut)}


def at_threshold(mate_fmr: NDArray[np.float64], best_non_mated_fmr: NDArray[np.float64],
                 threshold: float) -> dict[str, float]:
    """FNIR and FPIR when candidates are accepted at fused FMR ≤ ``threshold`` (the operating rule)."""
    return {"threshold_fused_fmr": threshold,
            "fnir": float(np.mean(~(np.asarray(mate_fmr) <= threshold))) if np.size(mate_fmr) else float("nan"),
            "fpir": float(np.mean(np.asarray(best_non_mated_fmr) <= threshold))
            if np.size(best_non_mated_fmr) else float("nan")}


def figures(mate_fmr: NDArray[np.float64], best_non_mated_fmr: NDArray[np.float64], mate_rank: NDArray[np.int64],
            *, gallery: int, rule: dict[str, float]) -> dict[str, Any]:
    """The report block of one system: FNIR at each FPIR target (top-level key ``fnir_at_fpir``), the
    details, rank-1 identification rate and the operating rule's measured rates (``rule``: target → t)."""
    details = {f"{t:g}": fnir_at_fpir(mate_fmr, best_non_mated_fmr, t) for t in FPIR_TARGETS}
    ranks = np.asarray(mate_rank)
    return {
        "gallery_size": gallery,
        "fnir_at_fpir": {k: (None if v is None else v["fnir"]) for k, v in details.items()},
        "empirical_threshold": details,
        "rank1_rate": float(np.mean(ranks == 1)) if ranks.size else None,
        "operating_rule": {k: at_threshold(mate_fmr, best_non_mated_fmr, t) for k, t in rule.items()},
    }
