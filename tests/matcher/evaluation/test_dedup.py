"""The de-duplication protocol: who is enrolled, who searches, and FNIR at an empirical FPIR threshold;
the chimeric 1:N simulation against a brute-force reading of the same rule."""

from __future__ import annotations

import numpy as np
import pytest
from numpy.typing import NDArray

from matcher.evaluation import dedup
from matcher.evaluation.chimeric import ScorePool
from matcher.evaluation.dedup_chimeric import search_fmrs
from matcher.fusion import combined_fmr
from matcher.thresholds import FmrCurve


def test_split_enrols_first_images_and_keeps_out_small_and_held_out_identities() -> None:
    ids = ["ann"] * 3 + ["bob"] * 2 + ["cy"] + ["dee"] * 2 + ["eve"] * 4
    s = dedup.split(ids, holdout=0.25, min_images=2, seed=3)
    assert len(s.held_out) == 1 and "cy" not in s.held_out  # round(0.25 x 4 eligible)
    enrolled = dict(s.enrolled)
    assert set(enrolled) == {"ann", "bob", "dee", "eve"} - set(s.held_out)
    for ident, row in s.enrolled:
        assert row == ids.index(ident)  # the first image
    assert {ids[r] for r in s.non_mated} == {"cy", *s.held_out}
    assert all(ids[r] == ident and r != enrolled[ident] for ident, r in s.mated)
    assert len(s.mated) + len(s.non_mated) + len(s.enrolled) == len(ids)
    assert dedup.split(ids, holdout=0.25, min_images=2, seed=3) == s  # seeded
    with pytest.raises(ValueError):
        dedup.split(["a", "b"], min_images=2)  # nobody to enrol
    with pytest.raises(ValueError):
        dedup.split(ids, holdout=1.0)


def test_fnir_at_fpir_uses_the_largest_threshold_keeping_fpir_at_the_target() -> None:
    non_mated = np.concatenate([[1e-6, 1e-4], np.full(98, np.inf)])  # 100 searches, two raise a candidate
    mates = np.array([1e-8, 1e-7, 5e-6, 1e-5, np.inf])
    r = dedup.fnir_at_fpir(mates, non_mated, 0.01)
    assert r is not None
    assert r["threshold_fused_fmr"] == 1e-4 and r["fpir_measured"] == 0.01  # only the 1e-6 alarm is allowed
    assert r["fnir"] == pytest.approx(1 / 5)  # the missing mate; 1e-5 < 1e-4 is found
    assert dedup.fnir_at_fpir(mates, non_mated, 0.001) is None  # 100 searches cannot measure 0.1 %
    fig = dedup.figures(mates, non_mated, np.array([1, 1, 2, 1, 0]), gallery=50, rule={"0.01": 1e-6})
    assert fig["fnir_at_fpir"] == {"0.01": pytest.approx(0.2), "0.001": None}
    assert fig["rank1_rate"] == 0.6 and fig["gallery_size"] == 50
    assert fig["operating_rule"]["0.01"] == {"threshold_fused_fmr": 1e-6, "fnir": 0.6, "fpir": 0.01}


FACE = FmrCurve.from_points([(-1.0, 1.0), (0.2, 1e-2), (0.5, 1e-4), (0.8, 1e-6)], lower_is_better=False,
                            model_id="face")
FINGER = FmrCurve.from_points([(0.0, 1.0), (0.05, 1e-2), (0.2, 1e-4)], lower_is_better=False, model_id="finger")


def _unit(rows: int, seed: int) -> NDArray[np.float32]:
    v = np.random.default_rng(seed).normal(size=(rows, 32))
    out: NDArray[np.float32] = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    return out


def test_face_alone_matches_a_brute_force_reading_of_the_rule() -> None:
    gallery = _unit(50, 0)
    probes = np.vstack([0.9 * gallery[:5] + 0.1 * _unit(5, 1), _unit(5, 2)]).astype(np.float32)
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    mates = np.array([0, 1, 2, 3, 4, -1, -1, -1, -1, -1])
    r = search_fmrs(gallery, probes, mates, FACE, None, None, k=3, seed=0)
    sims = probes @ gallery.T
    for i in range(5):
        assert r.mate_fmr[i] == FACE.fmr_at(float(sims[i, i]))
        assert r.mate_rank[i] == 1
    for j in range(5):
        top = np.sort(sims[5 + j])[::-1][:3]
        assert r.best_non_mated_fmr[j] == min(FACE.fmr_at(float(s)) for s in top)


def test_two_strong_fingers_carry_a_weak_face_and_impostor_fingers_add_little() -> None:
    gallery = _unit(40, 3)
    probes = np.vstack([gallery[:1] * 0.3 + _unit(1, 4) * 0.95, _unit(3, 5)]).astype(np.float32)
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    finger = ScorePool(np.full(10, 0.5), np.repeat(np.arange(5), 2), np.full(100, 0.01))
    r = search_fmrs(gallery, probes, np.array([0, -1, -1, -1]), FACE, finger, FINGER, k=5, seed=1)
    face_fmr = FACE.fmr_at(float(probes[0] @ gallery[0]))
    in_face_top = float(probes[0] @ gallery[0]) >= np.sort(probes[0] @ gallery.T)[::-1][4]
    expected = combined_fmr([face_fmr if in_face_top else 1.0, 1e-4, 1e-4])
    assert r.mate_fmr[0] == pytest.approx(expected) and r.mate_rank[0] == 1
    assert (r.best_non_mated_fmr > 1e-4).all()
