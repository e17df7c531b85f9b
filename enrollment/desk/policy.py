"""What a case must capture before it moves on, and the rules each capture is held to.

Fingers by NFIQ 2 (0-100) against the enrolment minima of the issue: thumbs and index fingers 30, middle
fingers 20, ring and little fingers 10. Fingers and irises get ``max_tries`` attempts; after that only an
exception (signed off by a supervisor) lets the case go on. The face has no exception and no try limit: a
card cannot be issued without a portrait.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from enrollment.desk.case import EYES, FACE, FINGER_POSITIONS

NFIQ2_MINIMUM: Mapping[int, int] = MappingProxyType(
    {1: 30, 2: 30, 3: 20, 4: 10, 5: 10, 6: 30, 7: 30, 8: 20, 9: 10, 10: 10})
MAX_TRIES = 3
RETRIES_EXHAUSTED = "QUALITY_RETRIES_EXHAUSTED"
EXCEPTION_CODES: Mapping[str, frozenset[str]] = MappingProxyType({
    "finger": frozenset({"FINGER_MISSING", "FINGER_DAMAGED", "FINGER_BANDAGED", RETRIES_EXHAUSTED}),
    "iris": frozenset({"EYE_MISSING", "EYE_DAMAGED", "EYE_BANDAGED", RETRIES_EXHAUSTED}),
})


@dataclass(frozen=True)
class CapturePolicy:
    fingers: tuple[int, ...] = FINGER_POSITIONS
    eyes: tuple[str, ...] = EYES
    max_tries: int = MAX_TRIES
    nfiq2_minimum: Mapping[int, int] = field(default_factory=lambda: NFIQ2_MINIMUM)

    def __post_init__(self) -> None:
        if not set(self.fingers) <= set(FINGER_POSITIONS) or not set(self.eyes) <= set(EYES):
            raise ValueError("unknown finger position or eye in the capture policy")
        if self.max_tries < 1:
            raise ValueError("max_tries must be at least 1")

    @property
    def required(self) -> tuple[str, ...]:
        """Every slot the case must fill (or except), face first."""
        return (FACE, *(f"finger:{p}" for p in self.fingers), *(f"iris:{e}" for e in self.eyes))


def kind(slot: str) -> str:
    """``face``, ``finger`` or ``iris``."""
    return slot.partition(":")[0]
