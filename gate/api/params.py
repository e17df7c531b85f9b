"""Path parameters, each bounded by the column it is looked up in (an id out of range is a 422, never a
database error): referral ids are 32-bit integers (PostgreSQL ``integer``), transaction ids are codes of
at most 64 characters (``String(64)``, the audit's identifier rule)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path

from gate.identifiers import CODE_PATTERN

INT32_MAX = 2**31 - 1

ReferralId = Annotated[int, Path(ge=1, le=INT32_MAX, description="referral id")]
TransactionId = Annotated[str, Path(min_length=1, max_length=64, pattern=CODE_PATTERN,
                                    description="transaction id (as returned when it started)")]
