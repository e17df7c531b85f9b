"""The application case: one applicant's enrolment from the first form to the issued card (or rejection).

Frozen values; every change is a new case (:mod:`enrollment.desk.workflow`, :mod:`enrollment.desk.slots`).
A capture slot is ``face``, ``finger:<1..10>`` (ISO/IEC 19794-2 finger positions: 1 right thumb ... 5 right
little, 6 left thumb ... 10 left little) or ``iris:right`` / ``iris:left``. The raw biometrics of the
accepted captures sit in ``samples`` (purged after issuance: the case keeps only their quality summary).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal

from enrollment.desk.demographics import Demographics
from enrollment.registry.biometrics import DuplicateCandidate

DeskRole = Literal["clerk", "supervisor", "system"]
FACE = "face"
FINGER_POSITIONS = tuple(range(1, 11))
EYES = ("right", "left")


class CaseState(StrEnum):
    DRAFT = "draft"
    CAPTURED = "captured"
    DEDUP_PENDING = "dedup_pending"
    ADJUDICATION = "adjudication"
    APPROVED = "approved"
    ISSUED = "issued"
    REJECTED = "rejected"


@dataclass(frozen=True)
class Actor:
    """Who acts: a signed-in account (by its audit code) in its desk role, or the system."""

    name: str
    role: DeskRole


SYSTEM = Actor("system", "system")


@dataclass(frozen=True)
class SlotStatus:
    attempts: int = 0
    accepted: bool = False
    codes: tuple[str, ...] = ()  # the last attempt's failure codes (empty when it passed)
    score: float | None = None  # the accepted sample's quality (NFIQ 2 for a finger)


@dataclass(frozen=True)
class CaptureException:
    """A slot that cannot be captured (``FINGER_MISSING``, ``EYE_DAMAGED``, ``QUALITY_RETRIES_EXHAUSTED``...),
    recorded by the clerk; it stands in for the capture only once a supervisor has signed it off."""

    code: str
    recorded_by: str
    signed_off_by: str | None = None


@dataclass(frozen=True)
class Sample:
    """The raw biometrics of one accepted capture."""

    image: bytes  # as captured (face photo, finger image, eye image)
    template: bytes  # face: the DG2 token portrait JPEG; finger: ISO/IEC 19794-2; iris: the iris code


@dataclass(frozen=True)
class ApplicationCase:
    id: str  # uuid4 hex
    desk_id: str
    operator: str  # the clerk who opened the case
    created_at: datetime
    state: CaseState = CaseState.DRAFT
    demographics: Demographics | None = None
    slots: Mapping[str, SlotStatus] = field(default_factory=dict)
    exceptions: Mapping[str, CaptureException] = field(default_factory=dict)
    samples: Mapping[str, Sample] = field(default_factory=dict)
    exception_photos: Mapping[str, bytes] = field(default_factory=dict)  # slot -> photo, loaded with the samples
    dedup_done: bool = False  # the 1:N search has run and nothing it found is left undecided
    candidates: tuple[DuplicateCandidate, ...] = ()
    supervisor: str | None = None  # who approved
    outcome: str | None = None  # the rejection code, or the document number once issued
    version: int = 0  # the store's optimistic-lock counter

    def slot(self, name: str) -> SlotStatus:
        return self.slots.get(name, SlotStatus())
