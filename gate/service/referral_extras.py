"""A referral's officer-only evidence read back from the vault: the holder's data from the chip and the
quality measurements of the live capture (written by :mod:`gate.steps.referral_evidence`).

The holder's data is for the officer's screen only: it is not logged, not audited (the view of the case
is, without it) and never reaches a kiosk.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from enrollment.icao.inspection.validity import expiry_date
from gate.steps.referral_evidence import BIOGRAPHIC, QUALITY
from gate.store import CaptureVault


@dataclass(frozen=True)
class Biographic:
    surname: str | None
    given_names: str | None
    full_name: str | None  # DG13, as printed (with diacritics)
    birth_date: str | None  # ISO 8601 when it could be read, else as the chip has it
    sex: str | None
    nationality: str | None
    issuing_state: str | None
    document_code: str | None
    document_number: str | None
    expiry_date: str | None
    dg13: dict[str, str]  # every DG13 field read from a CCCD (empty for a passport)


@dataclass(frozen=True)
class Measurement:
    name: str
    value: float | None
    limit: str
    passed: bool
    code: str | None


@dataclass(frozen=True)
class QualityMeasurements:
    profile: str
    criteria: tuple[Measurement, ...]


def mrz_date(yymmdd: str, *, birth: bool, today: date) -> str:
    """An MRZ date as ISO 8601: a birth date is never in the future; an expiry date gets the century the
    gate's validity check gives it (:func:`enrollment.icao.inspection.validity.expiry_date`)."""
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        return yymmdd
    try:
        if not birth:
            return expiry_date(yymmdd, today).isoformat()
        yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
        year = 2000 + yy if (2000 + yy, mm, dd) <= (today.year, today.month, today.day) else 1900 + yy
        return date(year, mm, dd).isoformat()
    except ValueError:
        return yymmdd


def _dg13_date(printed: str) -> str | None:
    """DD/MM/YYYY as printed on a CCCD → ISO 8601."""
    parts = printed.split("/")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        try:
            return date(int(parts[2]), int(parts[1]), int(parts[0])).isoformat()
        except ValueError:
            return None
    return None


def parse_biographic(data: bytes, today: date) -> Biographic:
    doc = json.loads(data)
    dg1: dict[str, str] = doc.get("dg1") or {}
    dg13: dict[str, str] = doc.get("dg13") or {}
    birth = mrz_date(dg1["birth_date"], birth=True, today=today) if "birth_date" in dg1 else None
    expiry = mrz_date(dg1["expiry_date"], birth=False, today=today) if "expiry_date" in dg1 else None
    return Biographic(
        surname=dg1.get("surname"), given_names=dg1.get("given_names"), full_name=dg13.get("full_name"),
        birth_date=_dg13_date(dg13.get("birth_date", "")) or birth, sex=dg1.get("sex") or dg13.get("sex"),
        nationality=dg1.get("nationality") or dg13.get("nationality"), issuing_state=dg1.get("issuing_state"),
        document_code=dg1.get("document_code"), document_number=dg1.get("document_number") or dg13.get("id_number"),
        expiry_date=expiry or _dg13_date(dg13.get("expiry_date", "")), dg13=dict(dg13))


def parse_quality(data: bytes) -> QualityMeasurements:
    doc = json.loads(data)
    return QualityMeasurements(doc["profile"], tuple(
        Measurement(c["name"], c["value"], c["limit"], c["passed"], c.get("code")) for c in doc["criteria"]))


@dataclass(frozen=True)
class ReferralExtras:
    biographic: Biographic | None
    quality: QualityMeasurements | None


def read_extras(vault: CaptureVault, transaction_id: str, today: date) -> ReferralExtras:
    """The latest of each kind the vault still holds for the transaction (gone after the decision)."""
    latest = {c.kind: c for c in vault.for_transaction(transaction_id)}
    biographic = latest.get(BIOGRAPHIC)
    quality = latest.get(QUALITY)
    return ReferralExtras(None if biographic is None else parse_biographic(vault.load(biographic.id), today),
                          None if quality is None else parse_quality(vault.load(quality.id)))
