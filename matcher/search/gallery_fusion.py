"""Multi-modal 1:N evidence: each modality's top-k hits become FMR estimates through that modality's
calibrated score → FMR curve, the estimates of one enrolled identity are fused by Fisher's method
(:func:`matcher.fusion.combined_fmr`), and the identities whose fused FMR passes the threshold for the
administrator's FPIR target are the duplicate candidates, strongest (lowest fused FMR) first.

Rules, in full:

* An identity is a candidate when it is among the top k of at least one modality.
* For a candidate, every modality that both the applicant presented and the candidate has enrolled
  contributes one estimate: ``curve.fmr_at(score)`` when the candidate is in that modality's top k, else
  1.0 — no evidence (its score is weaker than the k-th, so claiming the k-th's FMR would overstate it).
  Modalities one side lacks contribute nothing.
* Threshold (Šidák, as :func:`matcher.search.decision.per_comparison_fmr`): a non-mated applicant meets N
  enrolled identities, each a fused comparison falsely passing with probability p, so
  FPIR = 1 − (1 − p)^N ≈ N·p; keeping FPIR at the target α means accepting a candidate when its fused
  FMR ≤ p = 1 − (1 − α)^(1/N) ≈ α/N. N is the number of enrolled identities at search time.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

from matcher.fusion import combined_fmr
from matcher.search.decision import per_comparison_fmr
from matcher.search.gallery import GalleryHit
from matcher.thresholds import FmrCurve


@dataclass(frozen=True)
class ModalityHits:
    modality: str  # "face", "finger:2", "iris:right"
    curve: FmrCurve
    hits: Sequence[GalleryHit]


@dataclass(frozen=True)
class FusedCandidate:
    identity: str
    fused_fmr: float
    per_modality: Mapping[str, float]


def fpir_threshold(fpir_target: float, gallery_identities: int) -> float:
    """The fused FMR a candidate must reach for the FPIR target in a gallery of that many identities."""
    return per_comparison_fmr(fpir_target, gallery_identities)


def fuse_hits(searches: Sequence[ModalityHits],
              enrolled: Callable[[str], Collection[str]]) -> list[FusedCandidate]:
    """Every identity in any top k, with its fused FMR, strongest first (ties by identity).
    ``enrolled(identity)`` names the modalities that identity has templates in."""
    scores: dict[str, dict[str, float]] = {}
    for search in searches:
        for hit in search.hits:
            scores.setdefault(hit.identity, {})[search.modality] = search.curve.fmr_at(hit.score)
    presented = [s.modality for s in searches]
    out: list[FusedCandidate] = []
    for identity, found in scores.items():
        have = set(enrolled(identity))
        per = {m: found.get(m, 1.0) for m in presented if m in have or m in found}
        out.append(FusedCandidate(identity, combined_fmr(list(per.values())), per))
    out.sort(key=lambda c: (c.fused_fmr, c.identity))
    return out


def above_threshold(candidates: Sequence[FusedCandidate], fpir_target: float,
                    gallery_identities: int) -> list[FusedCandidate]:
    limit = fpir_threshold(fpir_target, gallery_identities)
    return [c for c in candidates if c.fused_fmr <= limit]
