"""A case as the desk's page needs it: the slots with their tries left and exceptions, what is missing,
the MRZ name and the transitions its state admits now."""

from __future__ import annotations

from enrollment.desk.case import ApplicationCase, DeskRole
from enrollment.desk.mrz_name import mrz_name
from enrollment.desk.policy import CapturePolicy
from enrollment.desk.registry_client import CandidateRecord
from enrollment.desk.slots import missing
from enrollment.desk.workflow import RULES
from enrollment.registry.biometrics import DuplicateCandidate
from gate.api.routes.desk_schemas import (
    CandidateRecordView,
    CandidateView,
    CaseView,
    ExceptionView,
    ProblemView,
    SlotView,
)

HUMAN_ROLES: tuple[DeskRole, ...] = ("clerk", "supervisor")


def candidate_view(c: DuplicateCandidate) -> CandidateView:
    return CandidateView(application_id=c.application_id, fused_fmr=c.fused_fmr, per_modality=dict(c.per_modality))


def candidate_record_view(r: CandidateRecord) -> CandidateRecordView:
    return CandidateRecordView(application_id=r.application_id, desk_id=r.desk_id, status=r.status,
                               received_at=r.received_at, demographics=dict(r.demographics))


def _slots(case: ApplicationCase, policy: CapturePolicy) -> list[SlotView]:
    views = []
    for slot in policy.required:
        status, exception = case.slot(slot), case.exceptions.get(slot)
        left = None if slot == "face" else max(policy.max_tries - status.attempts, 0)
        views.append(SlotView(
            slot=slot, attempts=status.attempts, accepted=status.accepted, codes=list(status.codes),
            score=status.score, tries_left=left,
            exception=ExceptionView(code=exception.code, recorded_by=exception.recorded_by,
                                    signed_off_by=exception.signed_off_by) if exception else None))
    return views


def case_view(case: ApplicationCase, policy: CapturePolicy) -> CaseView:
    person = case.demographics
    gaps = [ProblemView(code=p.code, field=p.field) for p in missing(case, policy)]
    if person is None:
        gaps.insert(0, ProblemView(code="DEMOGRAPHICS_MISSING"))
    actions = [a.value for a, rule in RULES.items() if case.state in rule.sources and rule.role in HUMAN_ROLES]
    return CaseView(
        id=case.id, desk_id=case.desk_id, state=case.state.value, operator=case.operator,
        supervisor=case.supervisor, created_at=case.created_at,
        demographics=person.as_fields() if person else None,
        mrz_name=mrz_name(person.full_name).field if person else None,
        slots=_slots(case, policy), missing=gaps, candidates=[candidate_view(c) for c in case.candidates],
        dedup_done=case.dedup_done, outcome=case.outcome, actions=actions)
