"""A cheap candidate pre-selection for 1:N fingerprint search: locality-sensitive hashing of binarised
Minutia Cylinder-Codes (after Cappelli, Ferrara, Maltoni, "Fingerprint indexing based on Minutia
Cylinder-Code", IEEE TPAMI 33(5), 2011).

Each valid cylinder's cell values are binarised at 0.5; each of ``HASHES`` hash functions reads ``BITS``
fixed random cells inside the cylinder's disc and packs them into a key. A template is filed under the
keys of its cylinders; a probe votes for every template sharing a key with one of its cylinders (keys of
all-zero bits carry no information and are skipped), votes are divided by √(cylinders of the template),
and the best-voted templates are the shortlist the full MCC comparison then ranks. How often the mate
survives the shortlist (hit rate at a penetration rate) is measured by ``egate-lab eval dedup --fvc``.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from numpy.typing import NDArray

from matcher.finger import params as p
from matcher.finger.mcc_cylinders import Cylinders

HASHES = 32
BITS = 20
SEED = 20_110_501


def _positions() -> NDArray[np.int64]:
    """(HASHES, BITS) cell indices into a cylinder's values, all inside the disc."""
    ds = 2.0 * p.MCC_R / p.MCC_NS
    u = (np.arange(p.MCC_NS) - (p.MCC_NS - 1) / 2.0) * ds
    disc = np.flatnonzero((np.hypot(u[:, None], u[None, :]) <= p.MCC_R).ravel())
    cells = (disc[:, None] * p.MCC_ND + np.arange(p.MCC_ND)[None, :]).ravel()
    rng = np.random.default_rng(SEED)
    return np.stack([rng.choice(cells, BITS, replace=False) for _ in range(HASHES)])


_POSITIONS = _positions()
_WEIGHTS = (1 << np.arange(BITS, dtype=np.int64))


def cylinder_keys(cylinders: Cylinders) -> NDArray[np.int64]:
    """(valid cylinders, HASHES) keys; 0 marks an uninformative (all-zero) key."""
    bits = cylinders.values[cylinders.valid] > 0.5
    if bits.size == 0:
        return np.zeros((0, HASHES), np.int64)
    picked = bits[:, _POSITIONS]  # (n, HASHES, BITS)
    return np.asarray(picked.astype(np.int64) @ _WEIGHTS, np.int64)


class CylinderHashIndex:
    def __init__(self) -> None:
        self._buckets: list[defaultdict[int, set[str]]] = [defaultdict(set) for _ in range(HASHES)]
        self._keys: dict[str, NDArray[np.int64]] = {}

    def add(self, identity: str, cylinders: Cylinders) -> None:
        keys = cylinder_keys(cylinders)
        self._keys[identity] = keys
        for h in range(HASHES):
            for key in set(keys[:, h].tolist()) - {0}:
                self._buckets[h][key].add(identity)

    def remove(self, identity: str) -> None:
        keys = self._keys.pop(identity, None)
        if keys is None:
            return
        for h in range(HASHES):
            for key in set(keys[:, h].tolist()) - {0}:
                bucket = self._buckets[h].get(key)
                if bucket is not None:
                    bucket.discard(identity)
                    if not bucket:
                        del self._buckets[h][key]

    def shortlist(self, probe: Cylinders, size: int) -> list[str]:
        """The ``size`` best-voted identities, best first (ties by identity, for reproducibility)."""
        votes: dict[str, float] = defaultdict(float)
        keys = cylinder_keys(probe)
        for h in range(HASHES):
            bucket_of = self._buckets[h]
            for key in keys[:, h].tolist():
                if key:
                    for identity in bucket_of.get(key, ()):
                        votes[identity] += 1.0
        ranked = sorted(votes, key=lambda i: (-votes[i] / np.sqrt(max(len(self._keys[i]), 1)), i))
        return ranked[:size]
