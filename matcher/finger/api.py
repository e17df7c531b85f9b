"""Matcher registry: the matchers share ``prepare`` / ``score_prepared`` / ``score``."""

from __future__ import annotations

from typing import Any, Protocol

from matcher.finger.bozorth3 import Bozorth3Matcher
from matcher.finger.mcc import MccLsaMatcher, MccMatcher
from matcher.finger.template import FingerTemplate


class Matcher(Protocol):
    name: str
    lower_is_better: bool

    def prepare(self, template: FingerTemplate) -> Any: ...

    def score_prepared(self, a: Any, b: Any) -> float: ...

    def score(self, a: FingerTemplate, b: FingerTemplate) -> float: ...


def get_matcher(name: str) -> Matcher:
    matchers: dict[str, type[MccMatcher] | type[Bozorth3Matcher]] = {
        "mcc": MccMatcher, "mcc-lsa": MccLsaMatcher, "bozorth3": Bozorth3Matcher,
    }
    if name not in matchers:
        raise ValueError(f"unknown matcher {name!r}; have {sorted(matchers)}")
    return matchers[name]()


def model_id(matcher: str, extractor: str) -> str:
    """The calibration id of a matcher on an extractor's minutiae, e.g. ``finger-mcc-mindtct``."""
    return f"finger-{matcher}-{extractor}"
