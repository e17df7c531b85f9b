"""Opening a case (the applicant's consent recorded) and setting its demographics."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from enrollment.desk.case import Actor, ApplicationCase, CaseState
from enrollment.desk.demographics import Demographics
from enrollment.desk.errors import InvalidInput, WrongState
from enrollment.desk.roles import require_role


def open_case(case_id: str, desk_id: str, actor: Actor, now: datetime, *, consent: bool) -> ApplicationCase:
    """A draft case; without the applicant's consent to the processing of biometrics, none is opened."""
    require_role(actor, "clerk")
    if not consent:
        raise InvalidInput.of("CONSENT_REQUIRED", "consent")
    return ApplicationCase(case_id, desk_id, actor.name, now)


def set_demographics(case: ApplicationCase, demographics: Demographics, actor: Actor) -> ApplicationCase:
    require_role(actor, "clerk")
    if case.state is not CaseState.DRAFT:
        raise WrongState.of("CASE_NOT_DRAFT")
    return replace(case, demographics=demographics)
