"""Second-line handover: a first-line officer passes an open referral on with a note; a second-line officer
(role ``second_line`` or above) reads the note and decides it.

The handover is an ``officer_action`` in the case's gate chain with the code ``HANDOVER_SECOND_LINE``
and, of the note, only its keyed HMAC (:func:`gate.service.officer_reasons.reason_hmac`): the text stays
in the handover row, erasable with the officer's reason. The referral stays open, its captures kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import structlog

from gate.audit import AuditEvent, OfficerAction
from gate.service.errors import InvalidRequest, SecondLineOnly
from gate.service.fleet import GateFleet
from gate.service.officer_reasons import reason_hmac
from gate.service.officers import officer_code
from gate.store import Officer, ReferralRepository, read_only
from gate.store.handovers import Handover, HandoverRepository

log = structlog.get_logger(__name__)

__all__ = ["HANDOVER_CODE", "Handover", "SecondLine", "require_second_line"]

HANDOVER_CODE = "HANDOVER_SECOND_LINE"


def require_second_line(handover: Handover | None, officer: Officer) -> None:
    """A referral with second line is decided by a second-line officer (or a supervisor, an admin)."""
    if handover is not None and not officer.has_role("second_line"):
        raise SecondLineOnly(f"referral {handover.referral_id} is with second line")


class SecondLine:
    def __init__(self, fleet: GateFleet, gate_of: Callable[[int], str]) -> None:
        self._fleet = fleet
        self._gate_of = gate_of

    def hand_over(self, referral_id: int, officer: Officer, note: str) -> Handover:
        gate_id = self._gate_of(referral_id)
        audit = self._fleet.audit(gate_id)
        digest = reason_hmac(self._fleet.pseudonym_key, note)
        with self._fleet.db.sessions.begin() as session:
            try:
                handover = HandoverRepository(session).hand_over(referral_id, officer.username, note)
            except ValueError as exc:
                raise InvalidRequest(str(exc)) from exc
            txn_id = ReferralRepository(session).get(referral_id).transaction_id
            audit.append_in(session, AuditEvent(
                event_type="officer_action", transaction_id=txn_id, reason_codes=(HANDOVER_CODE,),
                officer=OfficerAction(officer_id=officer_code(officer), verdict="second_line", reason=HANDOVER_CODE,
                                      reason_hmac=digest)))
        log.info("referral_handed_over", referral_id=referral_id, transaction_id=txn_id)
        return handover

    def handovers(self, referral_ids: Iterable[int]) -> dict[int, Handover]:
        with self._fleet.db.sessions() as session:
            return HandoverRepository(read_only(session)).for_referrals(referral_ids)
