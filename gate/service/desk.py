"""The enrolment desk behind its API: cases from the first form to the issued card.

Every method takes the signed-in account (a clerk or a supervisor: :func:`actor_of`), runs the pure
domain (:mod:`enrollment.desk`) and records the step on the desk's audit chain. The 1:N de-duplication
sits behind the :class:`enrollment.desk.dedup_port.Deduplicator` port: on submission the case is searched
(excluding itself) and enrolled; candidates send it to a supervisor's adjudication, none let it wait for
approval; a rejected case is removed from the gallery again.
"""

from __future__ import annotations

from collections.abc import Mapping

import structlog

from enrollment.desk.case import SYSTEM, ApplicationCase
from enrollment.desk.case_packet import packet_contents
from enrollment.desk.dedup_port import Deduplicator, applicant_biometrics
from enrollment.desk.demographics import validate_demographics
from enrollment.desk.intake import set_demographics
from enrollment.desk.issuance import document_number
from enrollment.desk.packet import PacketContents
from enrollment.desk.policy import CapturePolicy
from enrollment.desk.slots import record_exception, sign_off_exception
from enrollment.desk.workflow import Action, transition
from gate.logging import failure_fields
from gate.service.desk_captures import CaptureOutcome, DeskCaptures
from gate.service.desk_cases import DeskCases, Step, actor_of
from gate.service.desk_errors import DeskUnavailable, refusals
from gate.service.desk_issue import CardIssuer, IssuedCard
from gate.store import NotFoundError, Officer

log = structlog.get_logger(__name__)


class DeskService:
    def __init__(self, cases: DeskCases, captures: DeskCaptures, policy: CapturePolicy,
                 deduplicator: Deduplicator, issuer: CardIssuer, *, purge_on_issue: bool = True) -> None:
        self.cases, self.captures, self.policy = cases, captures, policy
        self._dedup, self._issuer, self._purge_on_issue = deduplicator, issuer, purge_on_issue

    @property
    def desk_id(self) -> str:
        return self.cases.desk_id

    def open(self, officer: Officer, *, consent: bool) -> ApplicationCase:
        return self.cases.create(actor_of(officer), consent=consent)

    def get(self, officer: Officer, case_id: str) -> ApplicationCase:
        actor_of(officer)
        return self.cases.load(case_id)

    def cases_of(self, officer: Officer, states: tuple[str, ...] = ()) -> list[ApplicationCase]:
        actor_of(officer)
        return self.cases.cases(states)

    def find(self, officer: Officer, case_id: str) -> ApplicationCase | None:
        """The case if this desk holds it (a candidate may come from another desk's application)."""
        actor_of(officer)
        try:
            return self.cases.load(case_id)
        except NotFoundError:
            return None

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

    def sign_off(self, officer: Officer, case_id: str, slot: str) -> ApplicationCase:
        actor = actor_of(officer)
        return self.cases.change(case_id, actor, lambda c: Step(
            sign_off_exception(c, slot, actor), "exception_sign_off", (f"SLOT:{slot}",)))

    def act(self, officer: Officer, case_id: str, action: Action, code: str | None = None) -> ApplicationCase:
        """The transitions with nothing outside the case to do: complete_capture, reopen, adjudication
        that finds different people, approve, reject (with its ``code``)."""
        if action in (Action.SUBMIT, Action.ISSUE, Action.DEDUP_CLEAR, Action.DEDUP_MATCH):
            raise ValueError(f"{action} has its own method")
        actor = actor_of(officer)
        case = self.cases.change(case_id, actor, lambda c: Step(
            transition(c, action, actor, self.policy, code=code).case, action.value, (code,) if code else ()))
        if action in (Action.REJECT, Action.ADJUDICATE_DUPLICATE):
            self._forget(case_id)
        return case

    def submit(self, officer: Officer, case_id: str) -> ApplicationCase:
        """Search the registry for the applicant, enrol them, and record what the search found."""
        actor = actor_of(officer)
        case = self.cases.change(case_id, actor, lambda c: Step(
            transition(c, Action.SUBMIT, actor, self.policy).case, Action.SUBMIT.value))
        biometrics = applicant_biometrics(self.cases.load(case_id, samples=True))
        try:
            candidates = self._dedup.search(biometrics, exclude=(case_id,))
            self._dedup.enroll(case_id, biometrics)
        except Exception as exc:  # the case stays dedup_pending, unsearched: it cannot be approved
            log.error("desk_dedup_failed", case_id=case_id, **failure_fields(exc))
            raise DeskUnavailable("the de-duplication service is unavailable") from exc
        action = Action.DEDUP_MATCH if candidates else Action.DEDUP_CLEAR
        return self.cases.change(case.id, SYSTEM, lambda c: Step(
            transition(c, action, SYSTEM, self.policy, candidates=candidates).case, action.value,
            (f"CANDIDATES:{len(candidates)}",)))

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

    def _forget(self, case_id: str) -> None:
        try:
            self._dedup.remove(case_id)
        except Exception as exc:  # the registry keeps a rejected applicant until the next removal
            log.error("desk_dedup_remove_failed", case_id=case_id, **failure_fields(exc))
