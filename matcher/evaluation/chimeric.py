"""Chimeric (virtual) subjects for a face + finger evaluation: no public set has both modalities of the
same people, so each face identity is given a finger of another data set (ISO/IEC 19795-1 calls these
chimeric or virtual subjects). This is sound only if the two modalities' scores are independent — for
impostors (different people) and, within a person, between face and finger quality — which is the
assumption every figure computed here rests on.

The scheme (:func:`sample`, one seed = one draw):

* every face identity with a genuine comparison is dealt a finger at random, balanced: with fewer fingers
  than identities each finger serves ⌊n/k⌋ or ⌈n/k⌉ identities (distinct when there are enough fingers);
* each face genuine comparison (identity I) is paired with one genuine comparison of I's finger, drawn at
  random among that finger's impression pairs;
* ``n_impostor`` face impostor comparisons are drawn without replacement, each paired with a finger
  impostor comparison drawn independently (with replacement: finger pools are small).

Repeating over seeds gives the spread due to the pairing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

SCHEME = (
    "each face identity with >=2 images is dealt a finger at random (balanced: each finger serves "
    "floor(n/k) or ceil(n/k) identities); each face genuine pair gets a random genuine impression pair of "
    "its identity's finger; n_impostor face impostor pairs are drawn without replacement, each with a finger "
    "impostor pair drawn independently with replacement; assumption: face and finger scores independent"
)


@dataclass(frozen=True)
class ScorePool:
    """One modality's comparisons: genuine scores with the subject each belongs to (an identity, a
    finger), and impostor scores. Scores are similarities (higher is more alike)."""

    genuine: FloatArray
    owner: IntArray
    impostor: FloatArray

    def __post_init__(self) -> None:
        if self.genuine.ndim != 1 or self.owner.shape != self.genuine.shape:
            raise ValueError("one owner per genuine score is needed")
        if self.genuine.size == 0 or self.impostor.size == 0:
            raise ValueError("a score pool needs genuine and impostor scores")
        if not (np.isfinite(self.genuine).all() and np.isfinite(self.impostor).all()):
            raise ValueError("scores must be finite")

    @property
    def subjects(self) -> int:
        return int(np.unique(self.owner).size)


@dataclass(frozen=True)
class ChimericSample:
    """Paired scores of one draw: index k of the face and finger arrays is one virtual comparison."""

    seed: int
    face_genuine: FloatArray
    finger_genuine: FloatArray
    face_impostor: FloatArray
    finger_impostor: FloatArray
    finger_of_identity: IntArray  # finger (index among the finger pool's subjects) dealt to each identity


def assign_fingers(n_identities: int, n_fingers: int, rng: np.random.Generator) -> IntArray:
    """A finger for each identity, at random, every finger used ⌊n/k⌋ or ⌈n/k⌉ times."""
    if n_identities < 1 or n_fingers < 1:
        raise ValueError("need at least one identity and one finger")
    dealt = rng.permutation(n_fingers)[np.arange(n_identities) % n_fingers]
    return dealt[rng.permutation(n_identities)].astype(np.int64)


def sample(face: ScorePool, finger: ScorePool, *, n_impostor: int, seed: int) -> ChimericSample:
    """One chimeric draw (see the module doc); all face genuine comparisons, ``n_impostor`` impostors
    (all of the face impostors when there are fewer)."""
    if n_impostor < 1:
        raise ValueError("n_impostor must be positive")
    rng = np.random.default_rng(seed)
    _, identity = np.unique(face.owner, return_inverse=True)
    fingers, finger_index = np.unique(finger.owner, return_inverse=True)
    finger_of = assign_fingers(int(identity.max()) + 1, fingers.size, rng)

    by_finger = np.argsort(finger_index, kind="stable")
    counts = np.bincount(finger_index, minlength=fingers.size)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]])
    f = finger_of[identity]
    genuine_pick = by_finger[starts[f] + (rng.random(f.size) * counts[f]).astype(np.int64)]

    n = min(n_impostor, face.impostor.size)
    face_pick = (rng.choice(face.impostor.size, n, replace=False) if n < face.impostor.size
                 else np.arange(face.impostor.size))
    finger_pick = rng.integers(0, finger.impostor.size, n)
    return ChimericSample(
        seed=seed,
        face_genuine=face.genuine.astype(np.float64),
        finger_genuine=finger.genuine[genuine_pick].astype(np.float64),
        face_impostor=face.impostor[face_pick].astype(np.float64),
        finger_impostor=finger.impostor[finger_pick].astype(np.float64),
        finger_of_identity=finger_of,
    )


def all_pairs_owners(identities: NDArray[np.str_] | list[str]) -> IntArray:
    """Owner of each same-identity pair, in the order an all-pairs scan yields them: row i ascending,
    then partner j > i (:func:`scripts.lab.eval_face.all_pairs_scores`); ``identities`` per image."""
    ids = np.unique(np.asarray(identities), return_inverse=True)[1].ravel()
    n = ids.size
    per_identity = np.bincount(ids)
    # with images of an identity anywhere in the list, count the later images of the same identity
    seen = np.zeros_like(per_identity)
    later = np.empty(n, np.int64)
    for i, k in enumerate(ids):
        seen[k] += 1
        later[i] = per_identity[k] - seen[k]
    return np.repeat(ids, later).astype(np.int64)
