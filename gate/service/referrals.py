"""The officer's side of a referral: the queue, one case with its evidence, both images and the holder's
data from the chip (officers only: :mod:`gate.service.referral_extras`), the decision; the handover to
second line (:mod:`gate.service.second_line`) and the decision history (:mod:`gate.service.decision_history`).

Every view of a case and of its images is an ``officer_action`` in the case's gate chain, and the
decision an ``officer_decision``; the audit record commits in the same database transaction as what it
records (a view whose audit record fails is not shown). The captures are purged with the decision, and
the purge is audited (``capture_purged``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import structlog

from gate.audit import AuditEvent, OfficerAction
from gate.service.decision_history import DecisionHistory
from gate.service.errors import InvalidRequest
from gate.service.evidence import CaseEvidence, gather_evidence
from gate.service.fleet import GateFleet
from gate.service.officer_reasons import OFFICER_REASON_CODES, reason_hmac
from gate.service.officers import officer_action, officer_code
from gate.service.referral_extras import ReferralExtras, read_extras
from gate.service.score_direction import ScoreDirection, score_direction
from gate.service.second_line import SecondLine, require_second_line
from gate.steps.referral_evidence import EVIDENCE_KINDS
from gate.store import (
    CaptureVault,
    NotFoundError,
    Officer,
    OfficerVerdict,
    Referral,
    ReferralRepository,
    TransactionRepository,
    read_only,
)
from gate.store.handovers import Handover, HandoverRepository

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Case:
    referral: Referral  # its decided_at is the officer's decision time
    gate_id: str
    decision: str | None  # the gate's verdict
    gate_decided_at: datetime | None  # when the gate referred it
    evidence: CaseEvidence
    directions: tuple[ScoreDirection | None, ...]  # of evidence.comparisons, in order
    captures: tuple[str, ...]  # image kinds
    extras: ReferralExtras  # the holder's data and the quality measurements, while the vault keeps them
    handover: Handover | None


@dataclass(frozen=True)
class CaseDecision:
    referral: Referral
    captures_purged: int


class ReferralService:
    def __init__(self, fleet: GateFleet) -> None:
        self._fleet = fleet
        self.second_line = SecondLine(fleet, self._gate_of)
        self.history = DecisionHistory(fleet)
        calibration = fleet.base.controller.parts.calibration
        self._known_directions = {calibration.model_id: calibration.lower_is_better,
                                  fleet.base.controller.pipeline.model_id: calibration.lower_is_better}

    def queue(self, status: Literal["open", "decided"] = "open", limit: int = 100) -> list[tuple[Referral, str]]:
        """Referrals (open ones by default), oldest first, each with its gate id."""
        with self._fleet.db.sessions() as session:
            repo = TransactionRepository(read_only(session))
            return [(r, repo.get(r.transaction_id).gate_id) for r in ReferralRepository(session).find(status, limit)]

    def case(self, referral_id: int, officer: Officer) -> Case:
        gate_id = self._gate_of(referral_id)
        audit = self._fleet.audit(gate_id)
        with self._fleet.db.sessions.begin() as session:
            referral = ReferralRepository(session).get(referral_id)
            txn = TransactionRepository(session).get(referral.transaction_id)
            evidence = gather_evidence(session, txn.id)
            vault = CaptureVault(session, self._fleet.base.cipher)
            kinds = tuple(c.kind for c in vault.for_transaction(txn.id) if c.kind not in EVIDENCE_KINDS)
            extras = read_extras(vault, txn.id, datetime.now(UTC).date())
            handover = HandoverRepository(session).get(referral_id)
            audit.append_in(session, officer_action(officer, "viewed referral", transaction_id=txn.id,
                                                    codes=("VIEW_REFERRAL",)))
        log.info("referral_viewed", referral_id=referral_id, transaction_id=txn.id)
        directions = tuple(score_direction(c, self._known_directions) for c in evidence.comparisons)
        return Case(referral, gate_id, txn.decision, txn.decided_at, evidence, directions, kinds, extras, handover)

    def capture(self, referral_id: int, kind: str, officer: Officer) -> bytes:
        """The decrypted capture ``kind`` (``live_face``, ``chip_face``) of an open referral."""
        gate_id = self._gate_of(referral_id)
        audit = self._fleet.audit(gate_id)
        with self._fleet.db.sessions.begin() as session:
            referral = ReferralRepository(session).get(referral_id)
            vault = CaptureVault(session, self._fleet.base.cipher)
            found = [c for c in vault.for_transaction(referral.transaction_id) if c.kind == kind]
            if not found or kind in EVIDENCE_KINDS:  # the holder's data is read with the case, never as a file
                raise NotFoundError(f"no {kind} capture for referral {referral_id}")
            data = vault.load(found[-1].id)
            audit.append_in(session, officer_action(officer, f"viewed capture {kind}",
                                                    transaction_id=referral.transaction_id,
                                                    codes=("VIEW_CAPTURE", f"KIND:{kind}")))
        log.info("capture_viewed", referral_id=referral_id, kind=kind)
        return data

    def decide(self, referral_id: int, officer: Officer, verdict: OfficerVerdict, reason: str,
               reason_code: str = "OTHER") -> CaseDecision:
        """The officer's verdict. The chain gets the reason code and a keyed HMAC of the free text; the
        text itself stays in the referral (:meth:`erase_reason`). Second line is a handover with a note
        (:meth:`SecondLine.hand_over`), not a verdict; a referral with second line is decided there."""
        if reason_code not in OFFICER_REASON_CODES:
            raise InvalidRequest(f"reason code must be one of {', '.join(OFFICER_REASON_CODES)}")
        if verdict not in ("admit", "refuse"):
            raise InvalidRequest("the verdict is admit or refuse; hand a referral to second line with a note")
        gate_id = self._gate_of(referral_id)
        audit = self._fleet.audit(gate_id)
        digest = reason_hmac(self._fleet.pseudonym_key, reason)
        with self._fleet.db.sessions.begin() as session:
            handover = HandoverRepository(session).get(referral_id)
            require_second_line(handover, officer)
            codes = (reason_code,) if handover is None else (reason_code, "SECOND_LINE")
            try:
                referral = ReferralRepository(session).decide(referral_id, officer.username, verdict, reason,
                                                              reason_code)
            except ValueError as exc:
                raise InvalidRequest(str(exc)) from exc
            txn_id = referral.transaction_id
            audit.append_in(session, AuditEvent(
                event_type="officer_decision", transaction_id=txn_id, reason_codes=codes,
                officer=OfficerAction(officer_id=officer_code(officer), verdict=verdict, reason=reason_code,
                                      reason_hmac=digest)))
            purged = CaptureVault(session, self._fleet.base.cipher).purge_transaction(txn_id)
            if purged:
                audit.append_in(session, AuditEvent(event_type="capture_purged", transaction_id=txn_id,
                                                    reason_codes=("CAPTURES_PURGED", f"COUNT:{len(purged)}")))
        log.info("referral_decided", referral_id=referral_id, transaction_id=txn_id, verdict=verdict,
                 captures_purged=len(purged))
        return CaseDecision(referral, len(purged))

    def erase_reason(self, referral_id: int, officer: Officer) -> bool:
        """Erase the officers' free text of a referral — the decision's reason and the handover note
        (audited); the chain still verifies."""
        gate_id = self._gate_of(referral_id)
        audit = self._fleet.audit(gate_id)
        with self._fleet.db.sessions.begin() as session:
            repo = ReferralRepository(session)
            erased = repo.erase_reason(referral_id)
            erased = HandoverRepository(session).erase_note(referral_id) or erased
            if erased:
                audit.append_in(session, officer_action(officer, "erased officer reason text",
                                                        transaction_id=repo.get(referral_id).transaction_id,
                                                        codes=("REASON_ERASED",)))
        log.info("officer_reason_erased", referral_id=referral_id, erased=erased)
        return erased

    def _gate_of(self, referral_id: int) -> str:
        with self._fleet.db.sessions() as session:
            referral = ReferralRepository(read_only(session)).get(referral_id)
            return TransactionRepository(session).get(referral.transaction_id).gate_id
