"""Document validity at inspection time, from the MRZ expiry date."""

from __future__ import annotations

from datetime import date, datetime

from enrollment.icao import checks
from enrollment.icao.checks import Check
from enrollment.icao.lds.mrz import Mrz


def expiry_date(yymmdd: str, today: date) -> date:
    """MRZ expiry YYMMDD → date, in the century that puts it within 50 years after 'today' minus 50."""
    year = 2000 + int(yymmdd[:2])
    if year > today.year + 50:
        year -= 100
    return date(year, int(yymmdd[2:4]), int(yymmdd[4:6]))


def check_document_validity(mrz: Mrz, at: datetime) -> Check:
    try:
        expiry = expiry_date(mrz.expiry_date, at.date())
    except ValueError:
        return checks.failed("document_validity", "invalid_expiry_date", mrz.expiry_date)
    if at.date() > expiry:
        return checks.failed("document_validity", "document_expired", f"expired on {expiry.isoformat()}")
    return checks.passed("document_validity", f"valid until {expiry.isoformat()}")
