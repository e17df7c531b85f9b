"""The officer's side of a referral: the queue, one case with its evidence and both images, the decision.

Every view of a case and of its images is an ``officer_action`` in the case's gate chain, and the
decision an ``officer_decision``; the audit record commits in the same database transaction as what it
records (a view whose audit record fails is not shown). The captures are purged with the decision, and
the purge is audited (``capture_purged``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

import structlog

from gate.audit import AuditEvent, OfficerAction
from gate.service.errors import InvalidRequest
from gate.service.evidence import CaseEvidence, gather_evidence
from gate.service.fleet import GateFleet
from gate.service.officer_reasons import OFFICER_REASON_CODES, reason_hmac
from gate.service.officers import officer_action, officer_code
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

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Case:
    referral: Referral
    gate_id: str
    decision: str | None
    decided_at: datetime | None
    evidence: CaseEvidence
    captures: tuple[str, ...]


@dataclass(frozen=True)
class CaseDecision:
    referral: Referral
    captures_purged: int


class ReferralService:
    def __init__(self, fleet: GateFleet) -> None:
        self._fleet = fleet

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
            kinds = tuple(c.kind for c in CaptureVault(session, self._fleet.base.cipher).for_transaction(txn.id))
            audit.append_in(session, officer_action(officer, "viewed referral", transaction_id=txn.id,
                                                    codes=("VIEW_REFERRAL",)))
        log.info("referral_viewed", referral_id=referral_id, transaction_id=txn.id)
        return Case(referral, gate_id, txn.decision, txn.decided_at, evidence, kinds)

    def capture(self, referral_id: int, kind: str, officer: Officer) -> bytes:
        """The decrypted capture ``kind`` (``live_face``, ``chip_face``) of an open referral."""
        gate_id = self._gate_of(referral_id)
        audit = self._fleet.audit(gate_id)
        with self._fleet.db.sessions.begin() as session:
            referral = ReferralRepository(session).get(referral_id)
            vault = CaptureVault(session, self._fleet.base.cipher)
            found = [c for c in vault.for_transaction(referral.transaction_id) if c.kind == kind]
            if not found:
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
        text itself stays in the referral (:meth:`erase_reason`)."""
        if reason_code not in OFFICER_REASON_CODES:
            raise InvalidRequest(f"reason code must be one of {', '.join(OFFICER_REASON_CODES)}")
        gate_id = self._gate_of(referral_id)
        audit = self._fleet.audit(gate_id)
        digest = reason_hmac(self._fleet.pseudonym_key, reason)
        with self._fleet.db.sessions.begin() as session:
            try:
                referral = ReferralRepository(session).decide(referral_id, officer.username, verdict, reason,
                                                              reason_code)
            except ValueError as exc:
                raise InvalidRequest(str(exc)) from exc
            txn_id = referral.transaction_id
            audit.append_in(session, AuditEvent(
                event_type="officer_decision", transaction_id=txn_id, reason_codes=(reason_code,),
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
        """Erase the officer's free text of a decided referral (audited); the chain still verifies."""
        gate_id = self._gate_of(referral_id)
        audit = self._fleet.audit(gate_id)
        with self._fleet.db.sessions.begin() as session:
            repo = ReferralRepository(session)
            erased = repo.erase_reason(referral_id)
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
