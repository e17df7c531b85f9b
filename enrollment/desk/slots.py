"""Capture bookkeeping on a case, pure: attempts and their verdicts, exceptions and their sign-off, and
what is still missing. Each function returns a new case or raises a typed :class:`DeskError`."""

from __future__ import annotations

from dataclasses import dataclass, replace

from enrollment.desk.case import Actor, ApplicationCase, CaptureException, CaseState, Sample, SlotStatus
from enrollment.desk.errors import Incomplete, InvalidInput, NotAllowed, Problem, WrongState
from enrollment.desk.policy import EXCEPTION_CODES, RETRIES_EXHAUSTED, CapturePolicy, kind
from enrollment.desk.roles import require_role


@dataclass(frozen=True)
class CaptureVerdict:
    """One attempt's outcome: accepted or not, the failure codes, the quality figure and the sample."""

    accepted: bool
    codes: tuple[str, ...]
    score: float | None = None
    sample: Sample | None = None


def _draft(case: ApplicationCase) -> None:
    if case.state is not CaseState.DRAFT:
        raise WrongState.of("CASE_NOT_DRAFT")


def check_attempt(case: ApplicationCase, slot: str, actor: Actor, policy: CapturePolicy) -> None:
    """Refuse before any image work: wrong role or state, a slot not required, the tries used up."""
    require_role(actor, "clerk")
    _draft(case)
    if slot not in policy.required:
        raise InvalidInput.of("SLOT_NOT_REQUIRED", slot)
    status = case.slot(slot)
    if kind(slot) != "face" and not status.accepted and status.attempts >= policy.max_tries:
        raise NotAllowed.of("RETRIES_EXHAUSTED", slot)


def record_attempt(case: ApplicationCase, slot: str, verdict: CaptureVerdict, actor: Actor,
                   policy: CapturePolicy) -> ApplicationCase:
    """Count the attempt; an accepted one replaces the slot's sample and clears an exception recorded for it."""
    check_attempt(case, slot, actor, policy)
    before = case.slot(slot)
    slots = dict(case.slots)
    samples = dict(case.samples)
    exceptions = dict(case.exceptions)
    if verdict.accepted:
        if verdict.sample is None:
            raise ValueError("an accepted capture needs its sample")
        slots[slot] = SlotStatus(before.attempts + 1, True, (), verdict.score)
        samples[slot] = verdict.sample
        exceptions.pop(slot, None)
    else:
        slots[slot] = replace(before, attempts=before.attempts + 1, codes=verdict.codes)
    return replace(case, slots=slots, samples=samples, exceptions=exceptions)


def record_exception(case: ApplicationCase, slot: str, code: str, actor: Actor,
                     policy: CapturePolicy) -> ApplicationCase:
    require_role(actor, "clerk")
    _draft(case)
    if slot not in policy.required or kind(slot) == "face":
        raise InvalidInput.of("EXCEPTION_NOT_ALLOWED", slot)
    if code not in EXCEPTION_CODES[kind(slot)]:
        raise InvalidInput.of("EXCEPTION_CODE_INVALID", slot)
    status = case.slot(slot)
    if status.accepted:
        raise InvalidInput.of("SLOT_ALREADY_CAPTURED", slot)
    if code == RETRIES_EXHAUSTED and status.attempts < policy.max_tries:
        raise InvalidInput.of("RETRIES_LEFT", slot)
    return replace(case, exceptions={**case.exceptions, slot: CaptureException(code, actor.name)})


def check_exception_photo(case: ApplicationCase, slot: str, actor: Actor) -> None:
    """A photo of the missing or damaged finger or eye, taken by a clerk while the case is a draft, for an
    exception that is recorded (the supervisor sees it when signing off). Not after the sign-off: the photo
    the packet carries is the one the supervisor saw."""
    require_role(actor, "clerk")
    _unsigned_exception(case, slot)


def _unsigned_exception(case: ApplicationCase, slot: str) -> CaptureException:
    """The recorded, not yet signed-off exception of ``slot`` in a draft case."""
    _draft(case)
    exception = case.exceptions.get(slot)
    if exception is None:
        raise InvalidInput.of("EXCEPTION_NOT_FOUND", slot)
    if exception.signed_off_by is not None:
        raise WrongState.of("EXCEPTION_ALREADY_SIGNED_OFF", slot)
    return exception


def sign_off_exception(case: ApplicationCase, slot: str, actor: Actor) -> ApplicationCase:
    """A supervisor other than the clerk who recorded it and the case's operator (four eyes)."""
    require_role(actor, "supervisor")
    exception = _unsigned_exception(case, slot)
    if actor.name in (exception.recorded_by, case.operator):
        raise NotAllowed.of("FOUR_EYES_REQUIRED", slot)
    return replace(case, exceptions={**case.exceptions, slot: replace(exception, signed_off_by=actor.name)})


def missing(case: ApplicationCase, policy: CapturePolicy) -> list[Problem]:
    """Each required slot neither captured nor excepted with a supervisor's sign-off."""
    problems = []
    for slot in policy.required:
        if case.slot(slot).accepted:
            continue
        exception = case.exceptions.get(slot)
        if exception is None:
            problems.append(Problem("CAPTURE_MISSING", slot))
        elif exception.signed_off_by is None:
            problems.append(Problem("EXCEPTION_NOT_SIGNED_OFF", slot))
    return problems


def require_complete(case: ApplicationCase, policy: CapturePolicy) -> None:
    problems = [] if case.demographics is not None else [Problem("DEMOGRAPHICS_MISSING", None)]
    problems += missing(case, policy)
    if problems:
        raise Incomplete(problems)


def purge_samples(case: ApplicationCase) -> ApplicationCase:
    """The case without its raw biometrics (after issuance, or once they have left the desk in a packet)."""
    return replace(case, samples={})

