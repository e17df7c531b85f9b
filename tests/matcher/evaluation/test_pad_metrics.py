"""ISO/IEC 30107-3 PAD metrics on hand-checkable scores."""

from __future__ import annotations

import numpy as np
import pytest

from matcher.evaluation import pad


def test_apcer_and_bpcer_at_a_threshold() -> None:
    bona = [0.1, 0.2, 0.6, 0.05]  # one bona fide raises the alarm at 0.5
    attack = [0.9, 0.4, 0.7, 0.55, 0.45]  # two attacks pass as bona fide at 0.5
    assert pad.bpcer(bona, 0.5) == 0.25 and pad.apcer(attack, 0.5) == 0.4
    assert pad.apcer(attack, 0.4) == 0.0  # score == threshold raises the alarm, as in the gate


def test_worst_species_is_reported() -> None:
    species, rate = pad.apcer_worst({"print": [0.9, 0.2], "replay": [0.1, 0.2, 0.8, 0.3]}, 0.5)
    assert species == "replay" and rate == 0.75


def test_curve_eer_and_bpcer_at_apcer() -> None:
    rng = np.random.default_rng(1)
    bona, attack = rng.normal(0.2, 0.1, 5000), rng.normal(0.8, 0.1, 5000)
    curve = pad.pad_curve(bona, attack)
    assert np.all(np.diff(curve.apcer) >= 0) and np.all(np.diff(curve.bpcer) <= 0)
    assert 0.0005 < pad.eer(curve) < 0.003  # two normals 6 sigma apart: EER = Φ(−3) ≈ 0.00135
    b20, t20 = pad.bpcer_at_apcer(curve, 0.05)
    assert pad.apcer(attack, t20) <= 0.05 and b20 == pytest.approx(pad.bpcer(bona, t20))
    assert b20 < pad.bpcer(bona, 0.5 * (t20 + 0.2))  # a lower threshold only adds false alarms


@pytest.mark.parametrize(("bona", "attack"), [([], [0.5]), ([0.1], []), ([np.nan], [0.5])])
def test_bad_scores_are_refused(bona: list[float], attack: list[float]) -> None:
    with pytest.raises(ValueError):
        pad.pad_curve(bona, attack)
