"""Capture slots: three tries for a finger or an eye, then an exception a supervisor signs off; the face
has no exception; captures only in draft."""

from __future__ import annotations

import pytest

from enrollment.desk.errors import InvalidInput, NotAllowed, WrongState
from enrollment.desk.slots import check_attempt, missing, record_attempt, record_exception, sign_off_exception
from enrollment.desk.workflow import Action, transition
from tests.enrollment.desk.cases import CLERK, OTHER_CLERK, POLICY, SUPERVISOR, bad, captured_all, draft, good


def test_three_failed_tries_then_only_an_exception() -> None:
    case = draft()
    for _ in range(3):
        case = record_attempt(case, "finger:1", bad("NFIQ2_LOW"), CLERK, POLICY)
    assert case.slot("finger:1").attempts == 3 and case.slot("finger:1").codes == ("NFIQ2_LOW",)
    with pytest.raises(NotAllowed, match="RETRIES_EXHAUSTED"):
        check_attempt(case, "finger:1", CLERK, POLICY)
    case = record_exception(case, "finger:1", "QUALITY_RETRIES_EXHAUSTED", CLERK, POLICY)
    assert ("EXCEPTION_NOT_SIGNED_OFF", "finger:1") in {(p.code, p.field) for p in missing(case, POLICY)}
    with pytest.raises(NotAllowed, match="ROLE_NOT_ALLOWED"):
        sign_off_exception(case, "finger:1", OTHER_CLERK)
    case = sign_off_exception(case, "finger:1", SUPERVISOR)
    assert case.exceptions["finger:1"].signed_off_by == "sup-hoa"
    for slot in ("face", "finger:2", "iris:right"):
        case = record_attempt(case, slot, good(slot), CLERK, POLICY)
    assert missing(case, POLICY) == []
    assert transition(case, Action.COMPLETE_CAPTURE, CLERK, POLICY).case.state.value == "captured"


def test_retries_exhausted_needs_the_tries_used() -> None:
    case = record_attempt(draft(), "iris:right", bad("IRIS_AT_EDGE"), CLERK, POLICY)
    with pytest.raises(InvalidInput, match="RETRIES_LEFT"):
        record_exception(case, "iris:right", "QUALITY_RETRIES_EXHAUSTED", CLERK, POLICY)
    assert record_exception(case, "iris:right", "EYE_MISSING", CLERK, POLICY).exceptions["iris:right"].code


def test_the_face_takes_no_exception_and_no_try_limit() -> None:
    case = draft()
    for _ in range(5):
        case = record_attempt(case, "face", bad("MULTIPLE_FACES"), CLERK, POLICY)
    check_attempt(case, "face", CLERK, POLICY)
    with pytest.raises(InvalidInput, match="EXCEPTION_NOT_ALLOWED"):
        record_exception(case, "face", "FINGER_MISSING", CLERK, POLICY)


def test_exceptions_are_checked() -> None:
    with pytest.raises(InvalidInput, match="EXCEPTION_CODE_INVALID"):
        record_exception(draft(), "finger:1", "EYE_MISSING", CLERK, POLICY)
    with pytest.raises(InvalidInput, match="EXCEPTION_NOT_ALLOWED"):
        record_exception(draft(), "finger:7", "FINGER_MISSING", CLERK, POLICY)  # not required by this policy
    with pytest.raises(InvalidInput, match="SLOT_ALREADY_CAPTURED"):
        record_exception(captured_all(), "finger:1", "FINGER_MISSING", CLERK, POLICY)
    with pytest.raises(InvalidInput, match="EXCEPTION_NOT_FOUND"):
        sign_off_exception(draft(), "finger:1", SUPERVISOR)


def test_the_clerk_of_the_case_cannot_sign_off_even_as_supervisor() -> None:
    case = record_exception(draft(), "finger:2", "FINGER_MISSING", CLERK, POLICY)
    own = case.__class__(**{**case.__dict__, "operator": "sup-hoa"})
    with pytest.raises(NotAllowed, match="FOUR_EYES_REQUIRED"):
        sign_off_exception(own, "finger:2", SUPERVISOR)
    signed = sign_off_exception(case, "finger:2", SUPERVISOR)
    with pytest.raises(WrongState, match="EXCEPTION_ALREADY_SIGNED_OFF"):
        sign_off_exception(signed, "finger:2", SUPERVISOR)


def test_an_accepted_capture_replaces_an_exception() -> None:
    case = record_exception(draft(), "finger:2", "FINGER_BANDAGED", CLERK, POLICY)
    case = record_attempt(case, "finger:2", good("finger:2"), CLERK, POLICY)
    assert "finger:2" not in case.exceptions and case.samples["finger:2"].template == b"finger:2 template"


def test_no_capture_after_the_draft() -> None:
    case = transition(captured_all(), Action.COMPLETE_CAPTURE, CLERK, POLICY).case
    with pytest.raises(WrongState, match="CASE_NOT_DRAFT"):
        record_attempt(case, "face", good("face"), CLERK, POLICY)
    with pytest.raises(InvalidInput, match="SLOT_NOT_REQUIRED"):
        check_attempt(draft(), "finger:9", CLERK, POLICY)
