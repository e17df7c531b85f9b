"""The runs of ``egate-lab eval dedup``: faces and FVC fingers searched through the registry's own
:class:`enrollment.registry.Deduplicator` (templates already extracted; enrolment and search are the
production code), and face + two fingers on chimeric subjects at score level
(:mod:`matcher.evaluation.dedup_chimeric`)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from enrollment.registry import Deduplicator, default_deduplicator
from matcher.evaluation import dedup, fvc
from matcher.evaluation.chimeric import ScorePool
from matcher.evaluation.dedup_chimeric import search_fmrs
from matcher.finger import params
from matcher.finger.template import FingerTemplate
from matcher.search.gallery_fusion import fpir_threshold
from matcher.thresholds import FmrCurve
from scripts.lab.finger_templates import extract_set, fvc_set_name

FINGER_KEY = "finger:0"  # FVC does not say which finger: ISO position 0, unknown


def _rule(gallery: int) -> dict[str, float]:
    return {f"{t:g}": fpir_threshold(t, gallery) for t in dedup.FPIR_TARGETS}


def run_searches(dedup_: Deduplicator, split: dedup.Split, templates: Sequence[Any], modality: str
                 ) -> dict[str, Any]:
    """Enrol the split's gallery, run every search, and turn the fused FMRs into the report block.
    A sample without a template (``None``) is a failure: it enrols nobody, a mated search of it misses, a
    non-mated one returns nobody."""
    failures_to_enrol = 0
    for ident, row in split.enrolled:
        if templates[row] is None:
            failures_to_enrol += 1
            continue
        dedup_.enroll_templates(ident, {modality: templates[row]})
    mate_fmr: list[float] = []
    mate_rank: list[int] = []
    for ident, row in split.mated:
        ranked = dedup_.evidence({modality: templates[row]})[0] if templates[row] is not None else []
        pos = next((r for r, c in enumerate(ranked) if c.identity == ident), None)
        mate_fmr.append(np.inf if pos is None else ranked[pos].fused_fmr)
        mate_rank.append(0 if pos is None else pos + 1)
    best: list[float] = []
    for row in split.non_mated:
        ranked = dedup_.evidence({modality: templates[row]})[0] if templates[row] is not None else []
        best.append(ranked[0].fused_fmr if ranked else np.inf)
    doc = dedup.figures(np.array(mate_fmr), np.array(best), np.array(mate_rank, np.int64),
                        gallery=dedup_.count(), rule=_rule(dedup_.count()))
    doc["failures_to_enrol"] = failures_to_enrol
    doc["failures_to_acquire"] = sum(templates[r] is None for _, r in split.mated) + sum(
        templates[r] is None for r in split.non_mated)
    return doc


def face_run(vectors: NDArray[np.float32], split: dedup.Split, *, face_model: str, k: int) -> dict[str, Any]:
    registry = default_deduplicator(None, modalities=("face",), face_model=face_model, face_dim=vectors.shape[1],
                                    k=k, face_backend="numpy")
    return run_searches(registry, split, list(vectors), "face")


def fvc_samples(sets: Sequence[Path], extractor: str, cache: Path) -> tuple[list[str], list[FingerTemplate | None]]:
    """Identity ("fvc2002_DB1_B/101") and template (None when extraction failed) of every impression,
    fingers in order, impressions 1..8 (name order)."""
    identities: list[str] = []
    templates: list[FingerTemplate | None] = []
    for db in sets:
        name = fvc_set_name(db)
        if fvc.is_synthetic(name):
            raise ValueError(f"{db} is synthetic: the de-duplication figures use the real sets")
        extracted, _ = extract_set(db, extractor, cache / f"{extractor}-v{params.MODEL_VERSION}")
        for stem in sorted(extracted, key=lambda s: tuple(int(p) for p in s.split("_"))):
            identities.append(f"{name}/{stem.split('_')[0]}")
            t = extracted[stem]
            templates.append(None if isinstance(t, str) else t)
    return identities, templates


def fvc_run(identities: list[str], templates: list[FingerTemplate | None], split: dedup.Split, *,
            k: int) -> dict[str, Any]:
    registry = default_deduplicator(None, modalities=("finger",), k=k)
    return run_searches(registry, split, templates, FINGER_KEY)


def unit(v: NDArray[np.float32]) -> NDArray[np.float32]:
    out: NDArray[np.float32] = (v / np.maximum(np.linalg.norm(v, axis=1, keepdims=True), 1e-12)).astype(np.float32)
    return out


def chimeric_run(vectors: NDArray[np.float32], split: dedup.Split, face_curve: FmrCurve, finger: ScorePool,
                 finger_curve: FmrCurve, *, k: int, seeds: int) -> dict[str, Any]:
    """Face alone and face + two fingers on the same split, each over ``seeds`` finger draws."""
    row_of = {ident: g for g, (ident, _) in enumerate(split.enrolled)}
    gallery = unit(vectors[[r for _, r in split.enrolled]])
    probe_rows = [r for _, r in split.mated] + list(split.non_mated)
    mates = np.array([row_of[i] for i, _ in split.mated] + [-1] * len(split.non_mated), np.int64)
    probes = unit(vectors[probe_rows])
    n = len(gallery)
    out: dict[str, Any] = {}
    for system, pool in (("face", None), ("face+2fingers", finger)):
        draws = []
        for seed in range(seeds if pool is not None else 1):
            r = search_fmrs(gallery, probes, mates, face_curve, pool, finger_curve, k=k, seed=seed)
            draws.append(dedup.figures(r.mate_fmr, r.best_non_mated_fmr, r.mate_rank, gallery=n, rule=_rule(n)))
        out[system] = {"draws": draws, "fnir_at_fpir": _mean_fnir(draws), "fnir_at_fpir_max": _max_fnir(draws)}
    return out


def _mean_fnir(draws: list[dict[str, Any]]) -> dict[str, float | None]:
    keys = draws[0]["fnir_at_fpir"]
    return {t: (None if any(d["fnir_at_fpir"][t] is None for d in draws)
                else float(np.mean([d["fnir_at_fpir"][t] for d in draws]))) for t in keys}


def _max_fnir(draws: list[dict[str, Any]]) -> dict[str, float | None]:
    keys = draws[0]["fnir_at_fpir"]
    return {t: (None if any(d["fnir_at_fpir"][t] is None for d in draws)
                else float(np.max([d["fnir_at_fpir"][t] for d in draws]))) for t in keys}


def prefilter_hit_rates(templates: list[FingerTemplate | None], split: dedup.Split,
                        penetrations: Sequence[float] = (0.05, 0.1, 0.2, 0.5)) -> dict[str, Any]:
    """How often the MCC-hash shortlist keeps the mate of a mated search when it passes on a share of the
    gallery (the penetration rate) to the full MCC comparison."""
    from matcher.finger.api import get_matcher
    from matcher.finger.template import at_resolution
    from matcher.search.finger_hash import CylinderHashIndex

    mcc = get_matcher("mcc")
    index = CylinderHashIndex()
    enrolled = 0
    for ident, row in split.enrolled:
        t = templates[row]
        if t is not None:
            index.add(ident, mcc.prepare(at_resolution(t)))
            enrolled += 1
    ranks = []
    for ident, row in split.mated:
        t = templates[row]
        shortlist = index.shortlist(mcc.prepare(at_resolution(t)), enrolled) if t is not None else []
        ranks.append(shortlist.index(ident) + 1 if ident in shortlist else enrolled + 1)
    r = np.array(ranks)
    return {"gallery": enrolled, "mated_searches": int(r.size),
            "hit_rate_at_penetration": {f"{p:g}": float(np.mean(r <= max(1, round(p * enrolled))))
                                        for p in penetrations}}
