"""The desk and the registry: packets out, statuses and adjudication decisions back.

* :meth:`DeskSync.admit` — a new case only while the outbox admits one (409 DESK_QUEUE_FULL /
  DESK_UNSYNCED_TOO_LONG);
* :meth:`DeskSync.submitted` — the case's packet is sealed and queued, then one synchronisation runs;
* :meth:`DeskSync.synchronise` — what the background job runs: queue any submitted case whose packet is
  missing (a crash between the state change and the queue), upload what waits, poll the registry for
  every case still waiting for its de-duplication and move it on (clear → approval may follow,
  candidates → adjudication). The registry unreachable: the cases stay ``dedup_pending``.
* :meth:`DeskSync.decide` / :meth:`DeskSync.candidate` — the supervisor's adjudication goes to the
  registry (which removes a duplicate from its gallery) before the desk records it; the candidate's
  record comes from the registry (the desk may hold nothing of it).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import structlog

from enrollment.desk.case import SYSTEM, ApplicationCase, CaseState
from enrollment.desk.case_packet import packet_contents
from enrollment.desk.outbox import DeskRefusal
from enrollment.desk.packet_errors import PacketRegistryUntrusted
from enrollment.desk.policy import CapturePolicy
from enrollment.desk.registry_client import CandidateRecord, PacketRefused, RegistryAnswer, RegistryUnavailable
from enrollment.desk.workflow import Action, transition
from gate.logging import failure_fields
from gate.service.desk_cases import DeskCases, Step
from gate.service.desk_errors import DeskConflict, DeskUnavailable
from gate.service.desk_registry import DeskRegistryLink
from gate.store import ConflictError, NotFoundError

log = structlog.get_logger(__name__)
MOVES = {"dedup_clear": Action.DEDUP_CLEAR, "adjudication": Action.DEDUP_MATCH}


@dataclass
class SyncSummary:
    queued: list[str] = field(default_factory=list)
    uploaded: list[str] = field(default_factory=list)
    moved: dict[str, str] = field(default_factory=dict)  # case id -> the registry status that moved it
    unavailable: bool = False


def awaiting_registry(case: ApplicationCase) -> bool:
    """Submitted, and the registry's de-duplication not known yet."""
    return case.state is CaseState.DEDUP_PENDING and not case.dedup_done and not case.candidates


@contextmanager
def registry_call() -> Iterator[None]:
    try:
        yield
    except RegistryUnavailable as exc:
        raise DeskUnavailable("REGISTRY_UNAVAILABLE") from exc
    except PacketRefused as exc:
        raise DeskConflict(exc.code) from exc


class DeskSync:
    def __init__(self, cases: DeskCases, link: DeskRegistryLink, policy: CapturePolicy) -> None:
        self.cases, self.link, self.policy = cases, link, policy

    def admit(self) -> None:
        """New work only while it could reach the registry: DESK_REGISTRY_UNTRUSTED (its certificate cannot
        be verified here), DESK_QUEUE_FULL or DESK_UNSYNCED_TOO_LONG otherwise."""
        now = self.cases.now()
        if not self.link.registry_trusted(now):
            raise DeskConflict("DESK_REGISTRY_UNTRUSTED")
        admission = self.link.admission(now)
        if not admission.allowed:
            raise DeskConflict(admission.code or "DESK_QUEUE_FULL")

    def room_for_packet(self) -> None:
        """Refuse a submission the outbox could not queue (DESK_QUEUE_FULL), before the case moves."""
        if self.link.admission(self.cases.now()).code == "DESK_QUEUE_FULL":
            raise DeskConflict("DESK_QUEUE_FULL")

    def submitted(self, case_id: str) -> SyncSummary:
        summary = SyncSummary()
        self._queue(self.cases.load(case_id, samples=True), summary)
        return self._round(summary, self._awaiting())

    def synchronise(self) -> SyncSummary:
        summary = SyncSummary()
        awaiting = self._awaiting()  # read once a round: queuing and uploading do not change case states
        if not self.link.opened and not awaiting:
            return summary  # nothing ever enrolled here, nothing to open
        unqueued = [case for case in awaiting if self.link.entry(case.id) is None]
        if unqueued and self.link.registry_trusted(self.cases.now()):  # else none could be sealed: none loaded
            for case in unqueued:
                self._queue(self.cases.load(case.id, samples=True), summary)
        return self._round(summary, awaiting)

    def candidate(self, case: ApplicationCase, candidate_id: str) -> CandidateRecord:
        if candidate_id not in {c.application_id for c in case.candidates}:
            raise NotFoundError(f"{candidate_id} is not a candidate of case {case.id}")
        with registry_call():
            return self.link.client.candidate(case.id, candidate_id)

    def decide(self, case_id: str, *, duplicate: bool, adjudicator: str) -> None:
        with registry_call():
            self.link.client.adjudicate(case_id, duplicate=duplicate, adjudicator=adjudicator)

    def withdraw(self, case: ApplicationCase, adjudicator: str) -> None:
        """A submitted case rejected at the desk leaves the registry's gallery: now when the registry holds
        its packet (503 when unreachable: nothing is rejected), or right after a later upload."""
        if case.state not in (CaseState.DEDUP_PENDING, CaseState.ADJUDICATION):
            return
        entry = self.link.entry(case.id)
        if entry is not None and entry.state == "acknowledged":
            with registry_call():
                self.link.client.withdraw(case.id, adjudicator=adjudicator)

    def _withdraw_uploaded(self, uploaded: list[str]) -> None:
        for case_id in uploaded:
            case = self.cases.load(case_id)
            if case.state is CaseState.REJECTED:
                try:
                    self.link.client.withdraw(case_id, adjudicator=case.supervisor or "desk")
                except (RegistryUnavailable, PacketRefused) as exc:
                    log.error("desk_withdrawal_failed", case_id=case_id, error=type(exc).__name__)

    def _awaiting(self) -> list[ApplicationCase]:
        return [c for c in self.cases.cases((CaseState.DEDUP_PENDING.value,), limit=1000) if awaiting_registry(c)]

    def _queue(self, case: ApplicationCase, summary: SyncSummary) -> None:
        try:
            self.link.queue(packet_contents(case), self.cases.now())
            summary.queued.append(case.id)
        except DeskRefusal as exc:  # the queue is full: this packet waits for room (the job tries again)
            log.warning("desk_packet_not_queued", case_id=case.id, code=exc.code)
        except PacketRegistryUntrusted as exc:  # the registry's certificate refused here (revoked, or this desk's
            # CRL stale: copy in the CA's next one); the case stays pending and is sealed again next round
            log.error("desk_registry_certificate_refused", case_id=case.id, detail=str(exc))
        except Exception as exc:  # purged or unreadable: a person must look (logged, the case stays pending)
            log.error("desk_packet_failed", case_id=case.id, **failure_fields(exc))

    def _round(self, summary: SyncSummary, awaiting: list[ApplicationCase]) -> SyncSummary:
        report = self.link.sync(self.cases.now())
        summary.uploaded, summary.unavailable = list(report.acknowledged), report.unavailable
        self._withdraw_uploaded(summary.uploaded)
        for case in awaiting:
            entry = self.link.entry(case.id)
            if entry is None or entry.state != "acknowledged":
                continue
            try:
                answer = self.link.client.poll(case.id)
            except RegistryUnavailable:
                summary.unavailable = True
                break
            except PacketRefused as exc:
                log.error("desk_registry_poll_refused", case_id=case.id, code=exc.code)
                continue
            if self._move(case.id, answer):
                summary.moved[case.id] = answer.status
        return summary

    def _move(self, case_id: str, answer: RegistryAnswer) -> bool:
        action = MOVES.get(answer.status)
        if action is None:  # received: the registry has not de-duplicated yet
            return False

        def apply(case: ApplicationCase) -> Step:
            if not awaiting_registry(case):
                raise _AlreadyMoved
            moved = transition(case, action, SYSTEM, self.policy, candidates=answer.candidates).case
            return Step(moved, action.value, (f"CANDIDATES:{len(answer.candidates)}",))

        try:
            self.cases.change(case_id, SYSTEM, apply)
        except (_AlreadyMoved, ConflictError):  # another round moved it meanwhile
            return False
        return True


class _AlreadyMoved(Exception):
    pass
