"""The case's transitions: who may make them, from which state, and what must be there first."""

from __future__ import annotations

from typing import Any

import pytest

from enrollment.desk.case import SYSTEM, Actor, ApplicationCase, CaseState
from enrollment.desk.errors import Incomplete, InvalidInput, NotAllowed, WrongState
from enrollment.desk.intake import open_case
from enrollment.desk.workflow import Action, transition
from enrollment.registry.biometrics import DuplicateCandidate
from tests.enrollment.desk.cases import CLERK, NOW, OTHER_CLERK, POLICY, SUPERVISOR, captured_all, draft

S = CaseState
DUPLICATE = DuplicateCandidate("b" * 32, 1e-7, {"face": 1e-7})


def step(case: ApplicationCase, action: Action, actor: Actor = CLERK, **kw: Any) -> ApplicationCase:
    return transition(case, action, actor, POLICY, **kw).case


def test_the_whole_way_to_issued() -> None:
    case = step(captured_all(), Action.COMPLETE_CAPTURE)
    case = step(case, Action.SUBMIT)
    assert case.state is S.DEDUP_PENDING and not case.dedup_done
    case = step(case, Action.DEDUP_CLEAR, SYSTEM)
    case = step(case, Action.APPROVE, SUPERVISOR)
    assert (case.state, case.supervisor) == (S.APPROVED, "sup-hoa")
    case = step(case, Action.ISSUE, document_number="089012345")
    assert (case.state, case.outcome) == (S.ISSUED, "089012345")


def test_candidates_go_to_adjudication_and_a_duplicate_is_rejected() -> None:
    case = step(step(step(captured_all(), Action.COMPLETE_CAPTURE), Action.SUBMIT), Action.DEDUP_MATCH, SYSTEM,
                candidates=[DUPLICATE])
    assert case.state is S.ADJUDICATION and case.candidates == (DUPLICATE,)
    with pytest.raises(WrongState, match="STATE_NOT_ALLOWED"):
        step(case, Action.APPROVE, SUPERVISOR)
    rejected = step(case, Action.ADJUDICATE_DUPLICATE, SUPERVISOR)
    assert (rejected.state, rejected.outcome) == (S.REJECTED, "DUPLICATE")
    different = step(case, Action.ADJUDICATE_DIFFERENT, SUPERVISOR)
    assert different.state is S.DEDUP_PENDING and different.dedup_done
    assert step(different, Action.APPROVE, SUPERVISOR).state is S.APPROVED


def test_a_clerk_cannot_take_a_supervisors_step() -> None:
    case = step(step(step(captured_all(), Action.COMPLETE_CAPTURE), Action.SUBMIT), Action.DEDUP_CLEAR, SYSTEM)
    for action in (Action.APPROVE, Action.REJECT):
        with pytest.raises(NotAllowed, match="ROLE_NOT_ALLOWED"):
            step(case, action, OTHER_CLERK, code="OTHER")
    with pytest.raises(NotAllowed, match="ROLE_NOT_ALLOWED"):
        step(case, Action.DEDUP_CLEAR, SUPERVISOR)  # only the system records the search


def test_the_operator_cannot_approve_their_own_case() -> None:
    mine = open_case("c" * 32, "desk-01", SUPERVISOR, NOW, consent=True)
    case = captured_all(mine.__class__(**{**draft().__dict__, "operator": "sup-hoa"}))
    case = step(step(step(case, Action.COMPLETE_CAPTURE, SUPERVISOR), Action.SUBMIT, SUPERVISOR),
                Action.DEDUP_CLEAR, SYSTEM)
    with pytest.raises(NotAllowed, match="FOUR_EYES_REQUIRED"):
        step(case, Action.APPROVE, SUPERVISOR)


def test_approval_needs_the_search_done() -> None:
    case = step(step(captured_all(), Action.COMPLETE_CAPTURE), Action.SUBMIT)
    with pytest.raises(WrongState, match="DEDUP_NOT_DONE"):
        step(case, Action.APPROVE, SUPERVISOR)


@pytest.mark.parametrize("action", [Action.SUBMIT, Action.APPROVE, Action.ISSUE, Action.REOPEN])
def test_a_draft_takes_no_later_step(action: Action) -> None:
    with pytest.raises((WrongState, NotAllowed)):
        step(captured_all(), action, SUPERVISOR, document_number="1")


def test_issued_and_rejected_cases_are_final() -> None:
    rejected = step(draft(), Action.REJECT, SUPERVISOR, code="APPLICANT_WITHDREW")
    assert rejected.state is S.REJECTED
    with pytest.raises(WrongState):
        step(rejected, Action.REJECT, SUPERVISOR, code="OTHER")
    with pytest.raises(InvalidInput, match="REJECTION_CODE_INVALID"):
        step(draft(), Action.REJECT, SUPERVISOR, code="because I said so")


def test_capture_cannot_complete_while_something_is_missing() -> None:
    with pytest.raises(Incomplete) as caught:
        step(draft(), Action.COMPLETE_CAPTURE)
    assert {(p.code, p.field) for p in caught.value.problems} == {
        ("CAPTURE_MISSING", "face"), ("CAPTURE_MISSING", "finger:1"), ("CAPTURE_MISSING", "finger:2"),
        ("CAPTURE_MISSING", "iris:right")}
    no_person = captured_all(draft().__class__(**{**draft().__dict__, "demographics": None}))
    with pytest.raises(Incomplete, match="DEMOGRAPHICS_MISSING"):
        step(no_person, Action.COMPLETE_CAPTURE)


def test_a_case_needs_consent() -> None:
    with pytest.raises(InvalidInput, match="CONSENT_REQUIRED"):
        open_case("d" * 32, "desk-01", CLERK, NOW, consent=False)
