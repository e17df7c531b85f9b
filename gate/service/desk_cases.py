"""The desk's unit of work: load a case, let the pure domain change it, store it, its new samples and the
audit record of the step in one database transaction (or none of them)."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime

from enrollment.desk.case import SYSTEM, Actor, ApplicationCase
from enrollment.desk.intake import open_case
from gate.service.desk_audit import DeskAudit, desk_event
from gate.service.desk_codec import body, case_of, raw_after_upload, sample_parts
from gate.service.desk_errors import DeskForbidden, refusals
from gate.service.officers import officer_code
from gate.store import CaptureCipher, Clock, Database, NotFoundError, Officer, utc_now
from gate.store.desk import DeskCaseRepository, SampleKey

DESK_ROLES = {"clerk": "clerk", "supervisor": "supervisor"}  # account role -> desk role


@dataclass(frozen=True)
class Step:
    """What a domain function made of a case: the new case, the audited action and its extra codes."""

    case: ApplicationCase
    action: str
    codes: tuple[str, ...] = ()


def actor_of(officer: Officer) -> Actor:
    """Clerks and supervisors work at the desk; officers and administrators do not (separation of duties)."""
    role = DESK_ROLES.get(officer.role)
    if role is None or not officer.active:
        raise DeskForbidden("DESK_ROLE_REQUIRED")
    return Actor(officer_code(officer), role)  # type: ignore[arg-type]


class DeskCases:
    def __init__(self, db: Database, cipher: CaptureCipher, audit: DeskAudit, desk_id: str,
                 clock: Clock = utc_now) -> None:
        self.db, self._cipher, self.audit, self.desk_id, self.clock = db, cipher, audit, desk_id, clock

    @property
    def cipher(self) -> CaptureCipher:
        return self._cipher

    def now(self) -> datetime:
        return self.clock()

    def create(self, actor: Actor, *, consent: bool) -> ApplicationCase:
        now = self.clock()
        with refusals():
            case = open_case(uuid.uuid4().hex, self.desk_id, actor, now, consent=consent)
        audit = self.audit.log()
        with self.db.sessions.begin() as session:
            DeskCaseRepository(session, self._cipher, self.clock).create(
                case.id, case.desk_id, case.state.value, case.operator, case.created_at, body(case))
            audit.append_in(session, desk_event(case.id, actor, "open", case.state, case.state))
        return case

    def load(self, case_id: str, *, samples: bool = False) -> ApplicationCase:
        with self.db.sessions() as session:
            repo = DeskCaseRepository(session, self._cipher, self.clock)
            stored = repo.get(case_id)
            if stored.desk_id != self.desk_id:
                raise NotFoundError(f"no case {case_id} at this desk")
            return case_of(stored, repo.samples(case_id) if samples else None)

    def cases(self, states: tuple[str, ...] = (), limit: int = 100) -> list[ApplicationCase]:
        with self.db.sessions() as session:
            repo = DeskCaseRepository(session, self._cipher, self.clock)
            return [case_of(s) for s in repo.for_desk(self.desk_id, states, limit)]

    def change(self, case_id: str, actor: Actor, apply: Callable[[ApplicationCase], Step], *,
               samples: bool = False, purge: bool = False,
               parts: Mapping[SampleKey, bytes] | None = None) -> ApplicationCase:
        """Apply a domain step to the case as stored now; with ``purge`` its raw biometrics go too; ``parts``
        are stored beside it (an exception's photo)."""
        audit = self.audit.log()
        with self.db.sessions.begin() as session:
            repo = DeskCaseRepository(session, self._cipher, self.clock)
            stored = repo.get(case_id)
            if stored.desk_id != self.desk_id:
                raise NotFoundError(f"no case {case_id} at this desk")
            before = case_of(stored, repo.samples(case_id) if samples else None)
            with refusals():
                step = apply(before)
            after = step.case
            repo.update(case_id, stored.version, after.state.value, body(after))
            fresh = {slot: s for slot, s in after.samples.items() if before.samples.get(slot) is not s}
            if fresh or parts:
                repo.put_samples(case_id, {**sample_parts(fresh), **(parts or {})})
            codes = step.codes
            if purge:
                codes += (f"PURGED:{repo.purge_samples(case_id)}",)
            audit.append_in(session, desk_event(case_id, actor, step.action, before.state, after.state, codes))
        return replace(after, samples={}) if purge else after

    def purge_uploaded(self, case_id: str) -> int:
        """The registry holds the case's packet: delete its raw captures (audited, idempotent); how many parts."""
        audit = self.audit.log()
        with self.db.sessions.begin() as session:
            repo = DeskCaseRepository(session, self._cipher, self.clock)
            try:
                stored = repo.get(case_id)
            except NotFoundError:
                return 0
            count = repo.purge_samples(case_id, raw_after_upload(repo.sample_keys(case_id)))
            state = case_of(stored).state
            audit.append_in(session, desk_event(case_id, SYSTEM, "packet_acknowledged", state, state,
                                                (f"PURGED:{count}",)))
        return count

    def part(self, case_id: str, key: SampleKey) -> bytes | None:
        """One stored part of the case (decrypted), None when absent or purged."""
        self.load(case_id)
        with self.db.sessions() as session:
            return DeskCaseRepository(session, self._cipher, self.clock).samples(case_id).get(key)
