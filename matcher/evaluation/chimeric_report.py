"""Figures of a face + finger chimeric evaluation (pure: scores and calibration curves in, dicts out).

Three *systems*, each judged at its best threshold for the FMR (DET, EER, FNMR at FMR): face alone, finger
alone, and ``fused`` — the gate's statistic, the product of the two calibrated FMR estimates (ranked as
−log10 of it). And the *rules* the gate actually applies, at each target: the fraction of genuine pairs
accepted (1 − FNMR) and of impostor pairs accepted (the FMR the rule really yields), for each modality
alone (estimate ≤ target), the bare fused product (≤ target; it overshoots the target, which is why the
gate does not use it) and the product read through Fisher's tail (:func:`matcher.fusion.combined_fmr`
≤ target: the gate's rule).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.evaluation import metrics
from matcher.evaluation.chimeric import ChimericSample
from matcher.evaluation.fusion_rule import Levels, fisher_fmr, fmr_estimates, levels, product, transformed
from matcher.evaluation.fusion_rule import fnmr_at_fmr as levels_fnmr_at_fmr
from matcher.thresholds import FmrCurve

FloatArray = NDArray[np.float64]
TARGETS = (1e-3, 1e-4)
SYSTEMS = ("face", "finger", "fused")
RULES = ("face", "finger", "fused", "fused_fisher")


def estimates(curve: FmrCurve, similarity: ArrayLike) -> FloatArray:
    """FMR estimates of similarity scores (turned back into the curve's native score first)."""
    sim = np.asarray(similarity, dtype=np.float64)
    return fmr_estimates(curve, -sim if curve.lower_is_better else sim)


def fused_rank(fused_fmr: FloatArray) -> FloatArray:
    """The fused product as a similarity: −log10 (a smaller fused FMR is a stronger match)."""
    return -np.log10(np.maximum(fused_fmr, 1e-300))


def system_figures(genuine: ArrayLike, impostor: ArrayLike, targets: Sequence[float] = TARGETS) -> dict[str, Any]:
    gen = np.asarray(genuine, dtype=np.float64)
    imp = np.asarray(impostor, dtype=np.float64)
    curve = metrics.det_curve(gen, imp)
    return {"eer": metrics.eer(curve), "genuine": int(gen.size), "impostor": int(imp.size),
            "fnmr_at_fmr": {f"{t:g}": metrics.fnmr_at_fmr(curve, t, n_impostor=imp.size) for t in targets}}


def rule_figures(genuine_fmr: ArrayLike, impostor_fmr: ArrayLike, target: float) -> dict[str, float]:
    gen = np.asarray(genuine_fmr, dtype=np.float64)
    imp = np.asarray(impostor_fmr, dtype=np.float64)
    accepted = float((gen <= target).mean())
    return {"genuine_accept": accepted, "fnmr": 1.0 - accepted, "fmr": float((imp <= target).mean())}


def draw_figures(sample: ChimericSample, face: FmrCurve, finger: FmrCurve,
                 targets: Sequence[float] = TARGETS) -> dict[str, Any]:
    """Systems and rules on one chimeric draw."""
    fg, fi = estimates(face, sample.face_genuine), estimates(face, sample.face_impostor)
    gg, gi = estimates(finger, sample.finger_genuine), estimates(finger, sample.finger_impostor)
    fused_g, fused_i = fg * gg, fi * gi
    systems = {
        "face": system_figures(sample.face_genuine, sample.face_impostor, targets),
        "finger": system_figures(sample.finger_genuine, sample.finger_impostor, targets),
        "fused": system_figures(fused_rank(fused_g), fused_rank(fused_i), targets),
    }
    pairs = {"face": (fg, fi), "finger": (gg, gi), "fused": (fused_g, fused_i),
             "fused_fisher": (fisher_fmr(fused_g), fisher_fmr(fused_i))}
    rules = {f"{t:g}": {name: rule_figures(g, i, t) for name, (g, i) in pairs.items()} for t in targets}
    return {"seed": sample.seed, "systems": systems, "rules": rules}


def all_combinations(face_genuine_fmr: ArrayLike, face_impostor_fmr: ArrayLike, finger_genuine_fmr: ArrayLike,
                     finger_impostor_fmr: ArrayLike, targets: Sequence[float] = TARGETS) -> dict[str, Any]:
    """Exact figures of the gate's statistic over every pairing of a face comparison with a finger
    comparison of the same kind (the expectation of the random draws, without sampling)."""
    face_g, face_i = levels(face_genuine_fmr), levels(face_impostor_fmr)
    fin_g, fin_i = levels(finger_genuine_fmr), levels(finger_impostor_fmr)
    fused_g, fused_i = product(face_g, fin_g), product(face_i, fin_i)
    fisher: Callable[[FloatArray], FloatArray] = fisher_fmr
    dists: dict[str, tuple[Levels, Levels]] = {
        "face": (face_g, face_i), "finger": (fin_g, fin_i), "fused": (fused_g, fused_i),
        "fused_fisher": (transformed(fused_g, fisher), transformed(fused_i, fisher))}
    rules = {f"{t:g}": {name: _levels_rule(g, i, t) for name, (g, i) in dists.items()} for t in targets}
    return {
        "genuine": int(np.asarray(face_genuine_fmr).size) * int(np.asarray(finger_genuine_fmr).size),
        "impostor": int(np.asarray(face_impostor_fmr).size) * int(np.asarray(finger_impostor_fmr).size),
        "fused_fnmr_at_fmr": {f"{t:g}": levels_fnmr_at_fmr(fused_g, fused_i, t) for t in targets},
        "rules": rules,
    }


def _levels_rule(genuine: Levels, impostor: Levels, target: float) -> dict[str, float]:
    accepted = genuine.accept_rate(target)
    return {"genuine_accept": accepted, "fnmr": 1.0 - accepted, "fmr": impostor.accept_rate(target)}


def summarise(draws: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Mean and [min, max] over draws of every number in the draws' figures (``None`` stays ``None``)."""
    if not draws:
        raise ValueError("no draws to summarise")
    return (_reduce(draws, lambda v: float(np.mean(v))),
            _reduce(draws, lambda v: [float(np.min(v)), float(np.max(v))]))


def _reduce(docs: Sequence[Any], fn: Callable[[list[float]], Any]) -> Any:
    first = docs[0]
    if isinstance(first, dict):
        return {k: _reduce([d[k] for d in docs], fn) for k in first if k != "seed"}
    if any(d is None for d in docs):
        return None
    return fn([float(d) for d in docs])
