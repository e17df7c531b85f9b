"""The stop list as a supervisor maintains it: upload a new list, see what it changes, then confirm.

The uploaded list is kept in the database (``stop_list_entries``) and replaces, in memory and at once,
the list every gate of this service checks; at start, a stored list takes precedence over the configured
file. Confirming names the digest of the list the diff was computed against, so a list changed in the
meantime is refused rather than overwritten unseen. The audit chain records who replaced the list and how
many entries were added and removed — never a document number.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass

import structlog
from sqlalchemy import delete, select

from gate.service.errors import InvalidRequest
from gate.service.fleet import GateFleet
from gate.service.officers import officer_action
from gate.stop_list import InMemoryStopList, StopListLineError, parse_lines
from gate.store import ConflictError, Officer, RuntimeSettingsRepository, read_only, utc_now
from gate.store.shift_models import StopListEntryRow

log = structlog.get_logger(__name__)

STOP_LIST_DIGEST = "stop_list_digest"  # runtime setting: the digest of the uploaded list in force
MAX_ENTRIES = 200_000


class StopListInvalid(InvalidRequest):
    code = "STOP_LIST_INVALID"


class StopListChanged(ConflictError):
    code = "STOP_LIST_CHANGED"


_STATE = re.compile(r"^[A-Z]{1,3}$")
_NUMBER = re.compile(r"^[A-Z0-9]{1,20}$")
Entry = tuple[str, str]  # (issuing state, document number), normalised


@dataclass(frozen=True)
class StopListDiff:
    added: list[Entry]
    removed: list[Entry]
    unchanged: int
    current_digest: str  # the list in force now: give it back to confirm
    new_digest: str


def digest(entries: Iterable[Entry]) -> str:
    return hashlib.sha256("\n".join(f"{s} {n}" for s, n in sorted(entries)).encode()).hexdigest()


def parse(text: str) -> set[Entry]:
    """One ``STATE NUMBER`` per line ('#' starts a comment), each state 1-3 letters and number 1-20 letters or
    digits; a refusal names the line number of the first bad line, not the line."""
    entries: set[Entry] = set()
    try:
        for n, state, number in parse_lines(text):
            if not _STATE.fullmatch(state) or not _NUMBER.fullmatch(number):
                raise StopListInvalid(f"stop-list line {n}: a state is 1-3 letters, a number 1-20 letters or digits")
            entries.add((state, number))
            if len(entries) > MAX_ENTRIES:
                raise StopListInvalid(f"a stop list holds at most {MAX_ENTRIES} entries")
    except StopListLineError as exc:
        raise StopListInvalid(f"stop-list line {exc.line_number}: expected 'STATE NUMBER'") from None
    return entries


class StopListAdmin:
    def __init__(self, fleet: GateFleet) -> None:
        self._fleet = fleet
        live = fleet.base.controller.parts.stop_list
        self._live = live if isinstance(live, InMemoryStopList) else None
        self._load_stored()

    def current(self) -> set[Entry]:
        return set(self._live.entries()) if self._live is not None else set()

    def preview(self, text: str) -> StopListDiff:
        return self._diff(parse(text))

    def _diff(self, new: set[Entry]) -> StopListDiff:
        current = self.current()
        return StopListDiff(sorted(new - current), sorted(current - new), len(new & current),
                            digest(current), digest(new))

    def replace(self, text: str, expected_digest: str, by: Officer) -> StopListDiff:
        """Put the uploaded list in force, if the list in force is still the one the diff was made against."""
        if self._live is None:
            raise InvalidRequest("this service's stop list cannot be replaced at run time")
        new = parse(text)  # once: a list may hold MAX_ENTRIES lines
        diff = self._diff(new)
        if diff.current_digest != expected_digest:
            raise StopListChanged("the stop list changed since this diff was made: upload it again")
        audit = self._fleet.audit(self._fleet.service_gate_id)
        with self._fleet.db.sessions.begin() as session:
            session.execute(delete(StopListEntryRow))
            now = utc_now()
            session.add_all(StopListEntryRow(issuing_state=s, document_number=n, added_at=now) for s, n in new)
            RuntimeSettingsRepository(session).set(STOP_LIST_DIGEST, diff.new_digest, updated_by=by.username)
            audit.append_in(session, officer_action(
                by, "replaced the stop list",
                codes=("STOP_LIST_REPLACED", f"ADDED:{len(diff.added)}", f"REMOVED:{len(diff.removed)}",
                       f"ENTRIES:{len(new)}")))
        self._live.replace((number, state) for state, number in new)  # once the new list is committed
        log.info("stop_list_replaced", added=len(diff.added), removed=len(diff.removed), entries=len(new))
        return diff

    def _load_stored(self) -> None:
        with self._fleet.db.sessions() as session:
            read_only(session)
            if RuntimeSettingsRepository(session).get(STOP_LIST_DIGEST) is None:
                return  # never uploaded: the configured file stays in force
            rows = session.execute(select(StopListEntryRow.issuing_state, StopListEntryRow.document_number)).all()
        if self._live is not None:
            self._live.replace((number, state) for state, number in rows)
