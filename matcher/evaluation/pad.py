"""Presentation-attack detection metrics in the terms of ISO/IEC 30107-3. Pure numpy.

Scores are attack scores (higher = more likely an attack); a presentation raises the alarm when
``score >= threshold``, as the gate's PAD step does.

- APCER (attack presentation classification error rate): the share of attack presentations of one PAI
  species classified bona fide (``score < threshold``). The standard reports it per species; APCER_AP is
  the worst species (:func:`apcer_worst`).
- BPCER (bona fide presentation classification error rate): the share of bona fide presentations
  classified as attacks (``score >= threshold``).
- BPCER20 / BPCER100: BPCER at the threshold where APCER ≤ 5 % / ≤ 1 %.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matcher.evaluation import metrics

FloatArray = NDArray[np.float64]


def _scores(values: ArrayLike, what: str) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64).ravel()
    if arr.size == 0:
        raise ValueError(f"no {what} scores")
    if not np.isfinite(arr).all():
        raise ValueError(f"{what} scores must be finite")
    return arr


def apcer(attack: ArrayLike, threshold: float) -> float:
    return float((_scores(attack, "attack") < threshold).mean())


def bpcer(bona_fide: ArrayLike, threshold: float) -> float:
    return float((_scores(bona_fide, "bona fide") >= threshold).mean())


def apcer_worst(attack_by_species: Mapping[str, ArrayLike], threshold: float) -> tuple[str, float]:
    """(species, APCER) of the PAI species with the highest APCER at ``threshold`` (APCER_AP)."""
    if not attack_by_species:
        raise ValueError("no attack species")
    rates = {species: apcer(scores, threshold) for species, scores in attack_by_species.items()}
    worst = max(rates, key=lambda s: rates[s])
    return worst, rates[worst]


@dataclass(frozen=True)
class PadCurve:
    """APCER and BPCER at every distinct threshold, thresholds ascending (APCER rises, BPCER falls)."""

    thresholds: FloatArray
    apcer: FloatArray
    bpcer: FloatArray


def pad_curve(bona_fide: ArrayLike, attack: ArrayLike) -> PadCurve:
    # an attack is "genuine" for the alarm: FNMR(t) = P(attack < t) = APCER, FMR(t) = P(bona fide >= t) = BPCER
    det = metrics.det_curve(_scores(attack, "attack"), _scores(bona_fide, "bona fide"))
    return PadCurve(thresholds=det.thresholds, apcer=det.fnmr, bpcer=det.fmr)


def eer(curve: PadCurve) -> float:
    """Where APCER and BPCER are equal (interpolated)."""
    return metrics.eer(metrics.DetCurve(curve.thresholds, fmr=curve.bpcer, fnmr=curve.apcer))


def bpcer_at_apcer(curve: PadCurve, target: float) -> tuple[float, float]:
    """(BPCER, threshold) at the highest threshold whose APCER is at most ``target`` (BPCER20: 0.05)."""
    ok = np.nonzero(curve.apcer <= target)[0]
    i = int(ok[-1])
    return float(curve.bpcer[i]), float(curve.thresholds[i])
