"""The fingerprint gallery behind the Gallery port: one minutiae template per identity (one gallery per
finger position), compared with the project's default matcher (MCC with LSS-R, :mod:`matcher.finger.mcc`);
scores are MCC similarities (higher is stronger), the unit of ``models/calibration/finger-mcc-*.json``.

Cylinders are built once at enrolment. A search compares the probe with every enrolled template (about
1 ms a comparison: fine for a desk's or a region's gallery). With ``prefilter_above`` set and a larger
gallery, the MCC-hash index (:mod:`matcher.search.finger_hash`) picks a shortlist of
``max(prefilter_min, prefilter_share × N)`` identities and only those are compared. Off by default: on the
FVC real sets the shortlist kept the mate in 91 % of mated searches at 5 % penetration and 96 % at 50 %
(docs/dedup/README.md), too lossy for de-duplication; the hook is there for a registry that measures better.
"""

from __future__ import annotations

from typing import Any

from matcher.errors import TemplateFormatError
from matcher.finger.api import Matcher, get_matcher
from matcher.finger.mcc_cylinders import Cylinders
from matcher.finger.template import FingerTemplate, at_resolution
from matcher.search.finger_hash import CylinderHashIndex
from matcher.search.gallery import (
    DuplicateIdentityError,
    GalleryHit,
    UnknownIdentityError,
    check_identity,
    check_k,
)

PREFILTER_MIN = 200
PREFILTER_SHARE = 0.02


class FingerGallery:
    def __init__(self, *, model_id: str = "finger-mcc-leader", matcher: str = "mcc",
                 prefilter_above: int | None = None, prefilter_min: int = PREFILTER_MIN,
                 prefilter_share: float = PREFILTER_SHARE) -> None:
        self._model_id = model_id
        self._matcher: Matcher = get_matcher(matcher)
        self.prefilter_above, self.prefilter_min, self.prefilter_share = prefilter_above, prefilter_min, prefilter_share
        self._prepared: dict[str, Any] = {}
        self._hash = CylinderHashIndex() if matcher.startswith("mcc") and prefilter_above is not None else None
        self.last_compared = 0  # comparisons made by the latest search (for the benchmark)

    @property
    def model_id(self) -> str:
        return self._model_id

    @property
    def lower_is_better(self) -> bool:
        return self._matcher.lower_is_better

    def _prepare(self, template: FingerTemplate) -> Any:
        if not isinstance(template, FingerTemplate):
            raise TemplateFormatError("a finger gallery takes minutiae templates", stage="search")
        return self._matcher.prepare(at_resolution(template))

    def add(self, identity: str, template: FingerTemplate) -> None:
        if check_identity(identity) in self._prepared:
            raise DuplicateIdentityError(f"{identity!r} is already enrolled", stage="search")
        prepared = self._prepare(template)
        self._prepared[identity] = prepared
        if self._hash is not None and isinstance(prepared, Cylinders):
            self._hash.add(identity, prepared)

    def remove(self, identity: str) -> None:
        if self._prepared.pop(check_identity(identity), None) is None:
            raise UnknownIdentityError(f"{identity!r} is not enrolled", stage="search")
        if self._hash is not None:
            self._hash.remove(identity)

    def candidates(self, probe: Any) -> list[str]:
        """Who the probe is compared with: everyone, or the hash shortlist in a large gallery."""
        n = len(self._prepared)
        if self._hash is None or self.prefilter_above is None or n <= self.prefilter_above:
            return list(self._prepared)
        size = max(self.prefilter_min, int(self.prefilter_share * n))
        return self._hash.shortlist(probe, size)

    def search(self, probe: FingerTemplate, k: int) -> list[GalleryHit]:
        check_k(k)
        prepared = self._prepare(probe)
        chosen = self.candidates(prepared)
        self.last_compared = len(chosen)
        scored = [(self._matcher.score_prepared(prepared, self._prepared[i]), i) for i in chosen]
        sign = 1.0 if self.lower_is_better else -1.0
        scored.sort(key=lambda t: (sign * t[0], t[1]))
        return [GalleryHit(i, float(s), r + 1) for r, (s, i) in enumerate(scored[:k])]

    def count(self) -> int:
        return len(self._prepared)
