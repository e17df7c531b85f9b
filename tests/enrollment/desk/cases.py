"""Cases in given states for the workflow tests (test doubles for the captures: no image work)."""

from __future__ import annotations

from datetime import UTC, datetime

from enrollment.desk.case import Actor, ApplicationCase, Sample
from enrollment.desk.demographics import validate_demographics
from enrollment.desk.intake import open_case, set_demographics
from enrollment.desk.policy import CapturePolicy
from enrollment.desk.slots import CaptureVerdict, record_attempt
from tests.enrollment.desk.applicants import TODAY, form

CLERK = Actor("clerk-lan", "clerk")
OTHER_CLERK = Actor("clerk-minh", "clerk")
SUPERVISOR = Actor("sup-hoa", "supervisor")
POLICY = CapturePolicy(fingers=(1, 2), eyes=("right",))
NOW = datetime(2026, 12, 10, 9, 0, tzinfo=UTC)


def good(slot: str) -> CaptureVerdict:
    return CaptureVerdict(True, (), 60.0, Sample(f"{slot} image".encode(), f"{slot} template".encode()))


def bad(*codes: str) -> CaptureVerdict:
    return CaptureVerdict(False, codes, 5.0)


def draft() -> ApplicationCase:
    case = open_case("a" * 32, "desk-01", CLERK, NOW, consent=True)
    return set_demographics(case, validate_demographics(form(), TODAY), CLERK)


def captured_all(case: ApplicationCase | None = None) -> ApplicationCase:
    case = case or draft()
    for slot in POLICY.required:
        case = record_attempt(case, slot, good(slot), CLERK, POLICY)
    return case
