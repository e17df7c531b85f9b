"""The case's states and the one pure transition function.

    draft ──complete_capture──▶ captured ──submit──▶ dedup_pending ──dedup_match──▶ adjudication
      ▲                            │                   │    ▲ (dedup_clear)          │   │
      └──────────reopen────────────┘                   │    └────adjudicate_different┘   │ adjudicate_duplicate
                                                       └──approve──▶ approved ──issue──▶ issued      ▼
    any state but issued / rejected ──reject (supervisor)──▶ rejected ◀──────────────────────────────┘

``complete_capture`` needs the demographics and every required capture (or a signed-off exception);
``approve`` needs the de-duplication done with nothing left undecided, and a supervisor who is not the
case's operator (four eyes), as do the adjudication decisions. Refusals are typed: ``ROLE_NOT_ALLOWED``,
``FOUR_EYES_REQUIRED``, ``STATE_NOT_ALLOWED``, ``DEDUP_NOT_DONE`` and :func:`require_complete`'s codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from enrollment.desk.case import Actor, ApplicationCase, CaseState, DeskRole
from enrollment.desk.errors import InvalidInput, NotAllowed, WrongState
from enrollment.desk.policy import CapturePolicy
from enrollment.desk.roles import require_role
from enrollment.desk.slots import require_complete
from enrollment.registry.biometrics import DuplicateCandidate

S = CaseState


class Action(StrEnum):
    COMPLETE_CAPTURE = "complete_capture"
    REOPEN = "reopen"
    SUBMIT = "submit"
    DEDUP_CLEAR = "dedup_clear"
    DEDUP_MATCH = "dedup_match"
    ADJUDICATE_DUPLICATE = "adjudicate_duplicate"
    ADJUDICATE_DIFFERENT = "adjudicate_different"
    APPROVE = "approve"
    ISSUE = "issue"
    REJECT = "reject"


@dataclass(frozen=True)
class Rule:
    sources: frozenset[CaseState]
    target: CaseState | None  # None: the state stays
    role: DeskRole
    four_eyes: bool = False


_OPEN = frozenset(set(CaseState) - {S.ISSUED, S.REJECTED})
RULES: dict[Action, Rule] = {
    Action.COMPLETE_CAPTURE: Rule(frozenset({S.DRAFT}), S.CAPTURED, "clerk"),
    Action.REOPEN: Rule(frozenset({S.CAPTURED}), S.DRAFT, "clerk"),
    Action.SUBMIT: Rule(frozenset({S.CAPTURED}), S.DEDUP_PENDING, "clerk"),
    Action.DEDUP_CLEAR: Rule(frozenset({S.DEDUP_PENDING}), None, "system"),
    Action.DEDUP_MATCH: Rule(frozenset({S.DEDUP_PENDING}), S.ADJUDICATION, "system"),
    Action.ADJUDICATE_DUPLICATE: Rule(frozenset({S.ADJUDICATION}), S.REJECTED, "supervisor", True),
    Action.ADJUDICATE_DIFFERENT: Rule(frozenset({S.ADJUDICATION}), S.DEDUP_PENDING, "supervisor", True),
    Action.APPROVE: Rule(frozenset({S.DEDUP_PENDING}), S.APPROVED, "supervisor", True),
    Action.ISSUE: Rule(frozenset({S.APPROVED}), S.ISSUED, "clerk"),
    Action.REJECT: Rule(_OPEN, S.REJECTED, "supervisor"),
}
REJECTION_CODES = frozenset({"DUPLICATE", "DOCUMENTS_INVALID", "APPLICANT_WITHDREW", "FRAUD_SUSPECTED",
                             "CAPTURE_IMPOSSIBLE", "OTHER"})


@dataclass(frozen=True)
class Transition:
    case: ApplicationCase  # the case after the action
    action: Action
    source: CaseState
    actor: Actor


def transition(case: ApplicationCase, action: Action, actor: Actor, policy: CapturePolicy, *,
               candidates: Sequence[DuplicateCandidate] = (), code: str | None = None,
               document_number: str | None = None) -> Transition:
    """Apply ``action``: ``candidates`` for ``dedup_match``, the rejection ``code`` for ``reject``,
    the issued ``document_number`` for ``issue``."""
    rule = RULES[action]
    require_role(actor, rule.role)
    if case.state not in rule.sources:
        raise WrongState.of("STATE_NOT_ALLOWED")
    if rule.four_eyes and actor.name == case.operator:
        raise NotAllowed.of("FOUR_EYES_REQUIRED")
    changes: dict[str, object] = {}
    if action is Action.COMPLETE_CAPTURE:
        require_complete(case, policy)
    elif action is Action.DEDUP_CLEAR:
        changes = {"dedup_done": True, "candidates": ()}
    elif action is Action.DEDUP_MATCH:
        if not candidates:
            raise InvalidInput.of("CANDIDATES_MISSING")
        changes = {"dedup_done": False, "candidates": tuple(candidates)}
    elif action is Action.ADJUDICATE_DIFFERENT:
        changes = {"dedup_done": True}
    elif action is Action.ADJUDICATE_DUPLICATE:
        changes = {"outcome": "DUPLICATE"}
    elif action is Action.APPROVE:
        if not case.dedup_done:
            raise WrongState.of("DEDUP_NOT_DONE")
        changes = {"supervisor": actor.name}
    elif action is Action.ISSUE:
        if not document_number:
            raise InvalidInput.of("DOCUMENT_NUMBER_MISSING")
        changes = {"outcome": document_number}
    elif action is Action.REJECT:
        if code not in REJECTION_CODES:
            raise InvalidInput.of("REJECTION_CODE_INVALID", "code")
        changes = {"outcome": code}
    elif action is Action.SUBMIT:
        require_complete(case, policy)
        changes = {"dedup_done": False, "candidates": ()}
    target = rule.target or case.state
    return Transition(replace(case, state=target, **changes), action, case.state, actor)  # type: ignore[arg-type]
