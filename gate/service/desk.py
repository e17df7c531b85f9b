"""The enrolment desk behind its API: cases from the first form to the issued card.

Every method takes the signed-in account (a clerk or a supervisor: :func:`actor_of`), runs the pure
domain (:mod:`enrollment.desk`) and records the step on the desk's audit chain. The 1:N de-duplication is
the registry's (:mod:`gate.service.desk_sync`): on submission the case's packet is sealed, queued and
uploaded when the registry can be reached; its answer moves the case (clear → approval, candidates →
adjudication), and a supervisor's adjudication goes to the registry before the desk records it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from enrollment.desk.case import SYSTEM, ApplicationCase
from enrollment.desk.case_packet import packet_contents
from enrollment.desk.demographics import validate_demographics
from enrollment.desk.intake import set_demographics
from enrollment.desk.issuance import document_number
from enrollment.desk.packet import PacketContents
from enrollment.desk.policy import CapturePolicy
from enrollment.desk.registry_client import CandidateRecord
from enrollment.desk.slots import record_exception, sign_off_exception
from enrollment.desk.workflow import Action, transition
from gate.service.desk_captures import CaptureOutcome, DeskCaptures
from gate.service.desk_cases import DeskCases, Step, actor_of
from gate.service.desk_errors import refusals
from gate.service.desk_exception_photo import ExceptionPhotos
from gate.service.desk_issue import CardIssuer, IssuedCard
from gate.service.desk_operator import OperatorCheck, is_operator_candidate
from gate.service.desk_sync import DeskSync, SyncSummary
from gate.store import NotFoundError, Officer


class DeskService:
    def __init__(self, cases: DeskCases, captures: DeskCaptures, policy: CapturePolicy,
                 sync: DeskSync, operators: OperatorCheck, issuer: CardIssuer, *, purge_on_issue: bool = True) -> None:
        self.cases, self.captures, self.policy, self.operators = cases, captures, policy, operators
        self.sync, self._issuer, self._purge_on_issue = sync, issuer, purge_on_issue
        self.photos = ExceptionPhotos(cases, captures.max_bytes)

    @property
    def desk_id(self) -> str:
        return self.cases.desk_id

    def open(self, officer: Officer, *, consent: bool) -> ApplicationCase:
        """Refused (409) to a clerk without a reference portrait (OPERATOR_FACE_REQUIRED), and while the
        desk's packets wait too long (DESK_QUEUE_FULL / DESK_UNSYNCED_TOO_LONG)."""
        actor = actor_of(officer)
        self.operators.require(actor)
        self.sync.admit()
        return self.cases.create(actor, consent=consent)

    def get(self, officer: Officer, case_id: str) -> ApplicationCase:
        actor_of(officer)
        return self.cases.load(case_id)

    def cases_of(self, officer: Officer, states: tuple[str, ...] = ()) -> list[ApplicationCase]:
        actor_of(officer)
        return self.cases.cases(states)

    def portrait(self, officer: Officer, case_id: str) -> bytes:
        """The DG2 portrait (for the supervisor's side-by-side view); NotFoundError once purged or not taken."""
        actor_of(officer)
        sample = self.cases.load(case_id, samples=True).samples.get("face")
        if sample is None:
            raise NotFoundError(f"case {case_id} has no portrait")
        return sample.template

    def capture_face(self, officer: Officer, case_id: str, data: bytes) -> CaptureOutcome:
        return self.captures.face(actor_of(officer), case_id, data)

    def capture_finger(self, officer: Officer, case_id: str, position: int, data: bytes) -> CaptureOutcome:
        return self.captures.finger(actor_of(officer), case_id, position, data)

    def capture_iris(self, officer: Officer, case_id: str, eye: str, data: bytes) -> CaptureOutcome:
        return self.captures.iris(actor_of(officer), case_id, eye, data)

    def set_demographics(self, officer: Officer, case_id: str, fields: Mapping[str, str]) -> ApplicationCase:
        actor = actor_of(officer)
        with refusals():
            person = validate_demographics(fields, self.cases.now().date())
        return self.cases.change(case_id, actor, lambda c: Step(set_demographics(c, person, actor), "demographics"))

    def record_exception(self, officer: Officer, case_id: str, slot: str, code: str) -> ApplicationCase:
        actor = actor_of(officer)
        return self.cases.change(case_id, actor, lambda c: Step(
            record_exception(c, slot, code, actor, self.policy), "exception", (f"SLOT:{slot}", code)))

    def attach_exception_photo(self, officer: Officer, case_id: str, slot: str, data: bytes) -> ApplicationCase:
        return self.photos.attach(actor_of(officer), case_id, slot, data)

    def exception_photo(self, officer: Officer, case_id: str, slot: str) -> bytes:
        actor_of(officer)
        return self.photos.photo(case_id, slot)

    def sign_off(self, officer: Officer, case_id: str, slot: str) -> ApplicationCase:
        actor = actor_of(officer)
        return self.cases.change(case_id, actor, lambda c: Step(
            sign_off_exception(c, slot, actor), "exception_sign_off", (f"SLOT:{slot}",)))

    def act(self, officer: Officer, case_id: str, action: Action, code: str | None = None) -> ApplicationCase:
        """The transitions with nothing outside the case to do: complete_capture, reopen, approve,
        reject (with its ``code``)."""
        if action in (Action.SUBMIT, Action.ISSUE, Action.DEDUP_CLEAR, Action.DEDUP_MATCH,
                      Action.ADJUDICATE_DUPLICATE, Action.ADJUDICATE_DIFFERENT):
            raise ValueError(f"{action} has its own method")
        actor = actor_of(officer)
        if action is Action.REJECT:  # a submitted case leaves the registry's gallery first
            case = self.cases.load(case_id)
            with refusals():
                transition(case, action, actor, self.policy, code=code)
            self.sync.withdraw(case, actor.name)
        return self.cases.change(case_id, actor, lambda c: Step(
            transition(c, action, actor, self.policy, code=code).case, action.value, (code,) if code else ()))

    def adjudicate(self, officer: Officer, case_id: str, *, duplicate: bool) -> ApplicationCase:
        """The supervisor's decision, recorded by the registry first (a duplicate leaves its gallery), then
        here; refused before the registry hears of it when the desk's rules refuse it (role, four eyes).
        A match with the operator alone never reached the registry: "different" sends the packet now."""
        actor = actor_of(officer)
        action = Action.ADJUDICATE_DUPLICATE if duplicate else Action.ADJUDICATE_DIFFERENT
        case = self.cases.load(case_id)
        with refusals():
            transition(case, action, actor, self.policy)
        local = bool(case.candidates) and all(is_operator_candidate(c) for c in case.candidates)
        if not local:
            self.sync.decide(case_id, duplicate=duplicate, adjudicator=actor.name)

        def apply(c: ApplicationCase) -> Step:
            moved = transition(c, action, actor, self.policy).case
            if local and not duplicate:  # now the registry's de-duplication
                moved = replace(moved, dedup_done=False, candidates=())
            return Step(moved, action.value)

        decided = self.cases.change(case_id, actor, apply)
        if local and not duplicate:
            self.sync.submitted(case_id)
            return self.cases.load(case_id)
        return decided

    def enrol_operator(self, officer: Officer, data: bytes) -> None:
        """The signed-in clerk's (or supervisor's) own reference portrait."""
        self.operators.enrol(actor_of(officer), data)

    def operator_enrolled(self, officer: Officer) -> bool:
        return self.operators.reference(actor_of(officer).name) is not None

    def operator_portrait(self, officer: Officer, case_id: str) -> bytes:
        """The case operator's reference, for a supervisor adjudicating an OPERATOR_MATCH (404 otherwise)."""
        actor = actor_of(officer)
        case = self.cases.load(case_id)
        reference = self.operators.reference(case.operator)
        if actor.role != "supervisor" or not any(is_operator_candidate(c) for c in case.candidates) or not reference:
            raise NotFoundError(f"case {case_id} has no operator match to show")
        return reference

    def candidate(self, officer: Officer, case_id: str, candidate_id: str) -> CandidateRecord:
        """A candidate's portrait and summary, from the registry (404 for an id the case does not list)."""
        actor_of(officer)
        return self.sync.candidate(self.cases.load(case_id), candidate_id)

    def submit(self, officer: Officer, case_id: str) -> ApplicationCase:
        """Seal the case's packet for the registry, queue it and try to upload it now; the case stays
        ``dedup_pending`` until the registry's de-duplication answers (now, or in a later round). An
        applicant who matches the case's operator goes to adjudication first (``OPERATOR_MATCH``)."""
        actor = actor_of(officer)
        with refusals():
            transition(self.cases.load(case_id), Action.SUBMIT, actor, self.policy)
        self.sync.room_for_packet()
        operator = self.operators.match(self.cases.load(case_id, samples=True))

        def apply(c: ApplicationCase) -> Step:
            submitted = transition(c, Action.SUBMIT, actor, self.policy).case
            if operator is None:
                return Step(submitted, Action.SUBMIT.value)
            matched = transition(submitted, Action.DEDUP_MATCH, SYSTEM, self.policy, candidates=[operator]).case
            return Step(matched, Action.SUBMIT.value, ("OPERATOR_MATCH", "CANDIDATES:1"))

        case = self.cases.change(case_id, actor, apply)
        if operator is not None:
            return case
        self.sync.submitted(case_id)
        return self.cases.load(case_id)

    def synchronise(self) -> SyncSummary:
        """One round of the background job: queue, upload, poll (no account: the desk itself)."""
        return self.sync.synchronise()

    def issue(self, officer: Officer, case_id: str) -> IssuedCard:
        """Personalise the card, then mark the case issued (its raw biometrics purged when so configured)."""
        actor = actor_of(officer)
        case = self.cases.load(case_id, samples=True)
        with refusals():
            transition(case, Action.ISSUE, actor, self.policy, document_number="-")  # refuse before signing
            card = self._issuer.personalise(case, self.cases.now())
        assert case.demographics is not None  # personalised
        number = document_number(case.demographics.id_number)
        issued = self.cases.change(case_id, actor, lambda c: Step(
            transition(c, Action.ISSUE, actor, self.policy, document_number=number).case, Action.ISSUE.value),
            purge=self._purge_on_issue)
        return IssuedCard(issued, card)

    def packet(self, case_id: str) -> PacketContents:
        """The packet's content (for the packet writer; no account: the desk itself writes packets)."""
        with refusals():
            return packet_contents(self.cases.load(case_id, samples=True))

    def close(self) -> None:
        self.sync.link.close()
