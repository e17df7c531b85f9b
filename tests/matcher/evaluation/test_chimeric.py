from __future__ import annotations

import itertools

import numpy as np
import pytest

from matcher.evaluation.chimeric import ScorePool, all_pairs_owners, assign_fingers, sample


def _pools(n_ids: int = 100, n_fingers: int = 12) -> tuple[ScorePool, ScorePool]:
    """Scores that name their origin: a face genuine score is its identity, a finger genuine score is
    its finger + impression pair / 100, impostor scores are their index."""
    face_owner = np.repeat(np.arange(n_ids), 3)
    face = ScorePool(face_owner.astype(np.float64), face_owner, np.arange(10_000, dtype=np.float64))
    finger_owner = np.repeat(np.arange(n_fingers) * 7 + 5, 28)  # owners need not be 0..k−1
    finger_gen = finger_owner + np.tile(np.arange(28), n_fingers) / 100
    finger = ScorePool(finger_gen.astype(np.float64), finger_owner, np.arange(500, dtype=np.float64))
    return face, finger


def test_fingers_are_dealt_evenly_and_distinct_when_there_are_enough() -> None:
    rng = np.random.default_rng(0)
    counts = np.bincount(assign_fingers(1228, 60, rng), minlength=60)
    assert counts.min() == 20 and counts.max() == 21 and counts.sum() == 1228
    dealt = assign_fingers(40, 60, rng)
    assert np.unique(dealt).size == 40 and dealt.max() < 60
    with pytest.raises(ValueError):
        assign_fingers(0, 60, rng)


def test_each_face_genuine_pair_gets_a_genuine_pair_of_its_identitys_finger() -> None:
    face, finger = _pools()
    s = sample(face, finger, n_impostor=1000, seed=7)
    fingers = np.unique(finger.owner)
    identity = face.owner
    assert s.face_genuine.size == s.finger_genuine.size == face.genuine.size
    np.testing.assert_array_equal(np.floor(s.finger_genuine), fingers[s.finger_of_identity[identity]])
    # the impression pair is drawn per comparison: one identity's three pairs need not share it
    assert np.unique(np.round(s.finger_genuine % 1, 2)).size > 20


def test_impostors_are_drawn_without_replacement_for_face_and_independently_for_finger() -> None:
    face, finger = _pools()
    s = sample(face, finger, n_impostor=5000, seed=1)
    assert s.face_impostor.size == s.finger_impostor.size == 5000
    assert np.unique(s.face_impostor).size == 5000  # no face impostor pair twice
    assert np.isin(s.finger_impostor, finger.impostor).all()
    assert abs(np.corrcoef(s.face_impostor, s.finger_impostor)[0, 1]) < 0.05
    everything = sample(face, finger, n_impostor=10**9, seed=1)
    np.testing.assert_array_equal(everything.face_impostor, face.impostor)


def test_a_seed_fixes_the_draw_and_another_changes_it() -> None:
    face, finger = _pools()
    a, b, c = (sample(face, finger, n_impostor=2000, seed=k) for k in (3, 3, 4))
    np.testing.assert_array_equal(a.finger_genuine, b.finger_genuine)
    np.testing.assert_array_equal(a.face_impostor, b.face_impostor)
    assert not np.array_equal(a.finger_genuine, c.finger_genuine)
    assert not np.array_equal(a.face_impostor, c.face_impostor)


def test_pools_refuse_malformed_scores() -> None:
    with pytest.raises(ValueError):
        ScorePool(np.ones(3), np.zeros(2, np.int64), np.ones(4))
    with pytest.raises(ValueError):
        ScorePool(np.array([1.0, np.nan]), np.zeros(2, np.int64), np.ones(4))
    with pytest.raises(ValueError):
        ScorePool(np.ones(2), np.zeros(2, np.int64), np.ones(0))
    face, finger = _pools()
    with pytest.raises(ValueError):
        sample(face, finger, n_impostor=0, seed=0)


def test_owners_follow_the_all_pairs_order() -> None:
    ids = ["b", "a", "b", "c", "a", "b", "d"]  # not grouped: the order must still hold
    expected = [k for i, j in itertools.combinations(range(len(ids)), 2) if ids[i] == ids[j]
                for k in [sorted(set(ids)).index(ids[i])]]
    np.testing.assert_array_equal(all_pairs_owners(ids), expected)
    assert all_pairs_owners(["x", "y"]).size == 0
