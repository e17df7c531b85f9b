"""Administration: the FMR target, gate status, gate registration and key rotation, officer accounts
(create, change role, disable).

Administrators' actions are ``officer_action`` events in the chain of the service's configured gate
(:attr:`GateFleet.service_gate_id`); every comparison record also carries the FMR target it used.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import structlog
from argon2 import PasswordHasher
from sqlalchemy import func, select

from gate.identifiers import is_code
from gate.service.errors import InvalidRequest
from gate.service.fleet import GateFleet
from gate.service.officers import officer_action
from gate.store import (
    FMR_TARGET,
    Gate,
    GateRepository,
    Officer,
    OfficerRepository,
    Role,
    RuntimeSettingsRepository,
    Transaction,
    TransactionRepository,
    read_only,
)
from gate.store.models import ReferralRow, TransactionRow

log = structlog.get_logger(__name__)

FMR_TARGETS = (0.01, 0.001, 0.0001)


@dataclass(frozen=True)
class GateStatus:
    gate: Gate
    last_transaction: Transaction | None
    open_referrals: int


class AdminService:
    def __init__(self, fleet: GateFleet, hasher: PasswordHasher) -> None:
        self._fleet = fleet
        self._hasher = hasher

    def fmr_target(self) -> float:
        return self._fleet.fmr_target()

    def set_fmr_target(self, value: float, by: Officer) -> float:
        if value not in FMR_TARGETS:
            raise InvalidRequest(f"FMR target must be one of {FMR_TARGETS}")
        previous = self._fleet.fmr_target()
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:
            RuntimeSettingsRepository(session).set(FMR_TARGET, f"{value:g}", updated_by=by.username)
            audit.append_in(session, officer_action(by, f"FMR target {previous:g} -> {value:g}",
                                                    codes=("FMR_TARGET_CHANGED", f"FMR:{value:g}")))
        log.info("fmr_target_changed", previous=previous, fmr_target=value)
        return value

    def gates(self) -> list[GateStatus]:
        with self._fleet.db.sessions() as session:
            read_only(session)
            query = (select(TransactionRow.gate_id, func.count(ReferralRow.id))
                     .join(ReferralRow, ReferralRow.transaction_id == TransactionRow.id)
                     .where(ReferralRow.status == "open").group_by(TransactionRow.gate_id))
            counts: dict[str, int] = {gate_id: count for gate_id, count in session.execute(query)}
            transactions = TransactionRepository(session)
            return [GateStatus(gate, next(iter(transactions.recent(gate.id, limit=1)), None), counts.get(gate.id, 0))
                    for gate in GateRepository(session).all()]

    def create_gate(self, gate_id: str, name: str | None, by: Officer) -> tuple[Gate, str]:
        """Register a gate; returns its API key, which is shown this once."""
        if not is_code(gate_id):
            raise InvalidRequest("a gate id is 1-64 letters, digits, '.', ':', '_' or '-'")
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:
            gate, api_key = GateRepository(session).create(gate_id, name or gate_id)
            audit.append_in(session, officer_action(by, "created gate", codes=("GATE_CREATED", f"GATE:{gate_id}")))
        log.info("gate_created", gate_id=gate_id)
        return gate, api_key

    def create_officer(self, username: str, password: str, role: Role, by: Officer) -> Officer:
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:
            try:
                officer = OfficerRepository(session, self._hasher).create(username, password, role)
            except ValueError as exc:
                raise InvalidRequest(str(exc)) from exc
            audit.append_in(session, officer_action(by, f"created {role} account",
                                                    codes=("OFFICER_CREATED", f"ROLE:{role}")))
        log.info("officer_created", officer_id=officer.id, role=role)
        return officer

    def rotate_gate_key(self, gate_id: str, by: Officer) -> str:
        """A new API key for the gate, shown this once; the old key (and the kiosk's device cookie) stop working."""
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:
            api_key = GateRepository(session).rotate_api_key(gate_id)  # NotFoundError for an unknown gate
            audit.append_in(session, officer_action(by, "rotated gate key",
                                                    codes=("GATE_KEY_ROTATED", f"GATE:{gate_id}")))
        log.info("gate_key_rotated", gate_id=gate_id)
        return api_key

    def officers(self) -> list[Officer]:
        with self._fleet.db.sessions() as session:
            read_only(session)
            return OfficerRepository(session, self._hasher).all()

    def set_role(self, username: str, role: Role, by: Officer) -> Officer:
        self._not_self(username, by, "change their own role")
        return self._change(username, by, f"set role {role}", ("OFFICER_ROLE_CHANGED", f"ROLE:{role}"),
                            lambda repo: repo.set_role(username, role))

    def disable(self, username: str, by: Officer) -> Officer:
        """Disable an account: its tokens stop working at the next request (roles are checked live)."""
        self._not_self(username, by, "disable their own account")
        return self._change(username, by, "disabled account", ("OFFICER_DISABLED",), _deactivate(username))

    def _change(self, username: str, by: Officer, action: str, codes: tuple[str, ...],
                change: Callable[[OfficerRepository], Officer]) -> Officer:
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:
            officer = change(OfficerRepository(session, self._hasher))
            audit.append_in(session, officer_action(by, action, codes=(*codes, f"OFFICER:{officer.id}")))
        log.info("officer_changed", officer_id=officer.id, action=action)
        return officer

    @staticmethod
    def _not_self(username: str, by: Officer, what: str) -> None:
        if username == by.username:
            raise InvalidRequest(f"an administrator cannot {what}")


def _deactivate(username: str) -> Callable[[OfficerRepository], Officer]:
    def change(repo: OfficerRepository) -> Officer:
        repo.deactivate(username)
        return repo.get(username)

    return change
