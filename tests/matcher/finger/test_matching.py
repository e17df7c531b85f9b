"""Mated impressions score above non-mated ones, for both matchers, on real FVC2002 DB1 impressions and on
the SecuGen templates of the same images."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import numpy as np
import pytest

from matcher.finger import iso19794_2 as iso
from matcher.finger.api import get_matcher
from matcher.finger.template import FingerTemplate, rescaled

MATED = [("101_1", "101_2"), ("101_1", "101_3"), ("101_2", "101_3")]
NON_MATED = [("101_1", "102_1"), ("101_1", "103_1"), ("102_1", "103_1"), ("101_2", "103_1")]


@pytest.mark.parametrize("name", ["mcc", "mcc-lsa", "bozorth3"])
def test_mated_above_non_mated(name: str, db1_templates: dict[str, FingerTemplate]) -> None:
    matcher = get_matcher(name)
    prepared = {k: matcher.prepare(t) for k, t in db1_templates.items()}
    mated = [matcher.score_prepared(prepared[a], prepared[b]) for a, b in MATED]
    non_mated = [matcher.score_prepared(prepared[a], prepared[b]) for a, b in NON_MATED]
    assert min(mated) > max(non_mated)
    if name.startswith("mcc"):
        assert all(0.0 <= s <= 1.0 for s in mated + non_mated)
        assert min(mated) > 0.08 and max(non_mated) < 0.06


@pytest.mark.parametrize("name", ["mcc", "mcc-lsa"])
def test_mcc_is_symmetric_enough_and_self_match_is_high(name: str, db1_templates: dict[str, FingerTemplate]) -> None:
    matcher = get_matcher(name)
    t = db1_templates["101_1"]
    assert matcher.score(t, t) > 0.5
    a, b = db1_templates["101_1"], db1_templates["101_2"]
    assert matcher.score(a, b) == pytest.approx(matcher.score(b, a), abs=0.05)


def _secugen(directory: Path, name: str) -> FingerTemplate:
    return iso.decode((directory / f"{name}.iso").read_bytes()).templates[0]


def test_secugen_templates_match_each_other(secugen_db1: Path) -> None:
    matcher = get_matcher("mcc")
    names = ["101_1", "101_2", "101_3", "102_1", "103_1"]
    t = {n: matcher.prepare(_secugen(secugen_db1, n)) for n in names}
    mated = [matcher.score_prepared(t[a], t[b]) for a, b in combinations(names[:3], 2)]
    non_mated = [matcher.score_prepared(t[a], t[b]) for a, b in NON_MATED]
    assert min(mated) > max(non_mated)


def test_secugen_against_our_extraction(secugen_db1: Path, db1_templates: dict[str, FingerTemplate]) -> None:
    """The SecuGen records describe the 388×374 images stretched to 300×400: undo that, then compare."""
    matcher = get_matcher("mcc")

    def theirs(name: str) -> FingerTemplate:
        return rescaled(_secugen(secugen_db1, name), 388 / 300, 374 / 400)

    mated = [matcher.score(theirs(a), db1_templates[b]) for a, b in [*MATED, ("101_1", "101_1")]]
    non_mated = [matcher.score(theirs(a), db1_templates[b]) for a, b in NON_MATED]
    assert min(mated) > max(non_mated)


def test_lsa_r_pairs_each_minutia_at_most_once(db1_templates: dict[str, FingerTemplate]) -> None:
    """LSA-R preselects by one-to-one assignment: no minutia of either side appears in two pairs, and the
    pairs it keeps are the ones of the best total similarity (no one-to-one set of the same size beats it)."""
    from scipy.optimize import linear_sum_assignment

    from matcher.finger.mcc_consolidation import lsa_r
    from matcher.finger.mcc_cylinders import build_cylinders
    from matcher.finger.mcc_similarity import local_similarity

    for a_name, b_name in [*MATED, *NON_MATED]:
        a, b = build_cylinders(db1_templates[a_name]), build_cylinders(db1_templates[b_name])
        gamma = local_similarity(a, b)
        score, ia, ib = lsa_r(gamma, a, b)
        assert 0.0 < score <= 1.0
        assert len(set(ia.tolist())) == ia.size and len(set(ib.tolist())) == ib.size
        assert 2 <= ia.size <= min(a.count, b.count)
        rows, cols = linear_sum_assignment(gamma, maximize=True)
        assert gamma[ia, ib].sum() == pytest.approx(np.sort(gamma[rows, cols])[::-1][: ia.size].sum())


def test_assignment_preselection_is_one_to_one_and_optimal_where_the_sort_is_not() -> None:
    """On a hand-made Γ where one minutia of A resembles every minutia of B: LSS takes it three times,
    LSA once, and LSA's pairs have the best total of any one-to-one choice (checked by brute force)."""
    import itertools

    from matcher.finger.mcc_consolidation import assigned_pairs, sorted_pairs

    gamma = np.array([[0.9, 0.85, 0.8, 0.1], [0.2, 0.3, 0.1, 0.05], [0.1, 0.6, 0.2, 0.3], [0.3, 0.1, 0.5, 0.4]])
    ia, _, _ = sorted_pairs(gamma, 4)
    assert list(ia[:3]) == [0, 0, 0]
    ia, ib, values = assigned_pairs(gamma, 4)
    assert sorted(ia.tolist()) == [0, 1, 2, 3] and sorted(ib.tolist()) == [0, 1, 2, 3]
    best = max(sum(gamma[i, perm[i]] for i in range(4)) for perm in itertools.permutations(range(4)))
    assert values.sum() == pytest.approx(best)
    assert list(values) == sorted(values, reverse=True)
    top2 = assigned_pairs(gamma, 2)[2]
    assert top2.tolist() == values[:2].tolist()
