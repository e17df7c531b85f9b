"""Who may act: a clerk's actions are open to supervisors too; a supervisor's only to supervisors; the
system's (recording the de-duplication result) only to the system."""

from __future__ import annotations

from enrollment.desk.case import Actor, DeskRole
from enrollment.desk.errors import NotAllowed

_MAY: dict[DeskRole, frozenset[DeskRole]] = {
    "clerk": frozenset({"clerk", "supervisor"}),
    "supervisor": frozenset({"supervisor"}),
    "system": frozenset({"system"}),
}


def require_role(actor: Actor, needed: DeskRole) -> None:
    if actor.role not in _MAY[needed]:
        raise NotAllowed.of("ROLE_NOT_ALLOWED")
