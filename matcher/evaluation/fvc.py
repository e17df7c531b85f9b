"""The FVC protocol on the "B" sets and the accuracy figures the report carries (pure: scores in, figures out).

Per set of 10 fingers × 8 impressions: genuine = every pair of impressions of a finger (280); FVC
impostor = first impressions of different fingers (45); and every different-finger pair (2,880), the only
set large enough to estimate FNMR at FMR 0.1 %. Rates are fractions; scores are similarities.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from matcher.evaluation.metrics import det_curve, eer, fnmr_at_fmr, threshold_at_fmr, zero_fmr

Pair = tuple[str, str]

# Data facts of the FVC "B" sets (shared/README.md): resolution and whether the sensor is real.
SET_DPI: dict[str, float] = {
    "fvc2002_DB1_B": 500.0, "fvc2002_DB2_B": 569.0, "fvc2002_DB3_B": 500.0, "fvc2002_DB4_B": 500.0,
    "fvc2004_DB1_B": 500.0, "fvc2004_DB2_B": 500.0, "fvc2004_DB3_B": 512.0, "fvc2004_DB4_B": 500.0,
}
FMR_TARGETS = (0.01, 0.001)
CALIBRATION_FMRS = (0.01, 0.001, 0.0001)


def is_synthetic(set_name: str) -> bool:
    return "DB4" in set_name


def image_name(finger: int, impression: int) -> str:
    return f"{finger}_{impression}"


def genuine_pairs(fingers: range = range(101, 111), impressions: int = 8) -> list[Pair]:
    return [
        (image_name(f, i), image_name(f, j))
        for f in fingers for i, j in itertools.combinations(range(1, impressions + 1), 2)
    ]


def fvc_impostor_pairs(fingers: range = range(101, 111)) -> list[Pair]:
    return [(image_name(f, 1), image_name(g, 1)) for f, g in itertools.combinations(fingers, 2)]


def all_impostor_pairs(fingers: range = range(101, 111), impressions: int = 8) -> list[Pair]:
    imp = range(1, impressions + 1)
    return [
        (image_name(f, i), image_name(g, j))
        for f, g in itertools.combinations(fingers, 2) for i in imp for j in imp
    ]


@dataclass(frozen=True)
class ErrorRates:
    eer: float
    fnmr_at_fmr: dict[str, float | None]
    zero_fmr: float
    n_genuine: int
    n_impostor: int

    def as_dict(self) -> dict[str, Any]:
        return {
            "eer": self.eer, "fnmr_at_fmr": self.fnmr_at_fmr,
            "fmr100": self.fnmr_at_fmr.get("0.01"), "fmr1000": self.fnmr_at_fmr.get("0.001"),
            "zero_fmr": self.zero_fmr, "n_genuine": self.n_genuine, "n_impostor": self.n_impostor,
        }


def error_rates(genuine: ArrayLike, impostor: ArrayLike) -> ErrorRates:
    gen = np.asarray(genuine, dtype=np.float64)
    imp = np.asarray(impostor, dtype=np.float64)
    curve = det_curve(gen, imp)
    return ErrorRates(
        eer=eer(curve),
        fnmr_at_fmr={f"{f:g}": fnmr_at_fmr(curve, f, n_impostor=imp.size) for f in FMR_TARGETS},
        zero_fmr=zero_fmr(curve),
        n_genuine=int(gen.size),
        n_impostor=int(imp.size),
    )


def set_report(genuine: ArrayLike, impostor_all: ArrayLike, impostor_fvc: ArrayLike) -> dict[str, Any]:
    """One set: figures on all different-finger pairs at the top level, the FVC-protocol figures apart."""
    doc = error_rates(genuine, impostor_all).as_dict()
    doc["fvc_protocol"] = error_rates(genuine, impostor_fvc).as_dict()
    return doc


def calibration_thresholds(genuine: ArrayLike, impostor: ArrayLike) -> dict[float, float]:
    """Threshold per target FMR measurable with this many impostor scores."""
    imp = np.asarray(impostor, dtype=np.float64)
    curve = det_curve(genuine, imp)
    return {f: threshold_at_fmr(curve, f) for f in CALIBRATION_FMRS if imp.size * f >= 1.0}
