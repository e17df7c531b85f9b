"""One quality criterion, as face and iris quality report them: the measured value, the limit it was held
to, whether it passed, a stable reason code and the guidance a kiosk or desk turns into a message."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    name: str
    value: float
    limit: str
    passed: bool
    reason: str  # stable code, e.g. "EYE_DISTANCE_LOW"; empty when passed
    guidance: str  # what the traveller should do; empty when passed


@dataclass(frozen=True)
class Assessment:
    """The criteria of one quality profile measured on one sample; it passes when every criterion does."""

    profile: str
    criteria: tuple[Criterion, ...]

    @property
    def passed(self) -> bool:
        return all(c.passed for c in self.criteria)

    @property
    def failures(self) -> tuple[Criterion, ...]:
        return tuple(c for c in self.criteria if not c.passed)


def at_least(name: str, value: float, lo: float, reason: str, guidance: str) -> Criterion:
    ok = bool(value >= lo)  # NaN fails
    return Criterion(name, value, f">= {lo:g}", ok, "" if ok else reason, "" if ok else guidance)


def at_most(name: str, value: float, hi: float, reason: str, guidance: str) -> Criterion:
    ok = bool(value <= hi)
    return Criterion(name, value, f"<= {hi:g}", ok, "" if ok else reason, "" if ok else guidance)


def within(name: str, value: float, lo: float, hi: float, reason_lo: str, guide_lo: str,
           reason_hi: str, guide_hi: str) -> Criterion:
    limit = f"[{lo:g}, {hi:g}]"
    if lo <= value <= hi:
        return Criterion(name, value, limit, True, "", "")
    if value > hi:
        return Criterion(name, value, limit, False, reason_hi, guide_hi)
    return Criterion(name, value, limit, False, reason_lo, guide_lo)  # below, or not a number at all
