"""The applicant's demographics: the DG13 fields of the CCCD, validated into :class:`Demographics`.

Input is text as a form sends it (dates ``YYYY-MM-DD`` or ``DD/MM/YYYY`` as printed on the card); every
problem is reported at once, each as ``(code, field)``: ``FULL_NAME_REQUIRED``, ``BIRTH_DATE_INVALID``
(not a real date: ``991340``, ``1999-02-30``), ``BIRTH_DATE_IN_FUTURE``, ``EXPIRY_DATE_BEFORE_ISSUE``,
``EXPIRY_DATE_PAST``, ``ID_NUMBER_SEX_MISMATCH`` ... Text is NFC-normalised, so "Nguyễn" typed with
combining marks and precomposed is one name.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date, datetime

from enrollment.desk.errors import InvalidInput, Problem
from enrollment.desk.id_number import id_number_problems, old_id_number_valid
from enrollment.desk.mrz_name import mrz_name
from enrollment.icao.lds.countries import ALPHA3_TO_ALPHA2
from enrollment.icao.lds.dg13 import Dg13Fields

REQUIRED = ("id_number", "full_name", "birth_date", "sex", "nationality", "ethnicity", "place_of_origin",
            "place_of_residence", "issue_date", "expiry_date")
OPTIONAL = ("religion", "father_name", "mother_name", "spouse_name", "old_id_number", "identifying_features")
FIELDS = REQUIRED + OPTIONAL
NAMES = ("full_name", "father_name", "mother_name", "spouse_name")
DATES = ("birth_date", "issue_date", "expiry_date")
MAX_NAME, MAX_TEXT = 80, 200
SEX_TEXT = {"M": "Nam", "F": "Nữ"}
NATIONALITY_TEXT = {"VNM": "Việt Nam"}
_NAME_PUNCTUATION = frozenset(" -'.")


@dataclass(frozen=True)
class Demographics:
    id_number: str
    full_name: str
    birth_date: date
    sex: str  # "M" / "F"
    nationality: str  # ISO 3166-1 alpha-3
    ethnicity: str
    place_of_origin: str
    place_of_residence: str
    issue_date: date
    expiry_date: date
    religion: str = ""
    father_name: str = ""
    mother_name: str = ""
    spouse_name: str = ""
    old_id_number: str = ""
    identifying_features: str = ""

    def as_fields(self) -> dict[str, str]:
        """Every field as text by name (dates ``YYYY-MM-DD``): what a packet and the store keep."""
        return {k: v.isoformat() if isinstance(v, date) else v for k, v in asdict(self).items()}

    def dg13(self) -> Dg13Fields:
        """The fields as the card's DG13 prints them (dates ``DD/MM/YYYY``, sex and nationality in words)."""
        printed = {name: getattr(self, name).strftime("%d/%m/%Y") for name in DATES}
        text = {k: v for k, v in self.as_fields().items() if k not in DATES}
        text.update(sex=SEX_TEXT[self.sex], nationality=NATIONALITY_TEXT.get(self.nationality, self.nationality))
        return Dg13Fields(**text, **printed)


def parse_date(text: str) -> date | None:
    for layout in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            parsed = datetime.strptime(text, layout).date()
        except ValueError:
            continue
        if parsed.year >= 1900:
            return parsed
    return None


def _clean(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def _name_ok(name: str) -> bool:
    return any(c.isalpha() for c in name) and all(
        c.isalpha() or c in _NAME_PUNCTUATION or unicodedata.category(c) == "Mn" for c in name)


def _text_ok(name: str, value: str) -> bool:
    if any(unicodedata.category(c).startswith("C") for c in value):  # control, format, unassigned
        return False
    return name not in NAMES or (_name_ok(value) and bool(mrz_name(value).surname))


def _text_problems(values: Mapping[str, str]) -> list[Problem]:
    problems = []
    for name in FIELDS:
        value = values.get(name, "")
        if not value:
            if name in REQUIRED:
                problems.append(Problem(f"{name.upper()}_REQUIRED", name))
        elif len(value) > (MAX_NAME if name in NAMES else MAX_TEXT):
            problems.append(Problem(f"{name.upper()}_TOO_LONG", name))
        elif not _text_ok(name, value):
            problems.append(Problem(f"{name.upper()}_INVALID", name))
    return problems


def _date_problems(dates: Mapping[str, date | None], values: Mapping[str, str], today: date) -> list[Problem]:
    problems = [Problem(f"{n.upper()}_INVALID", n) for n in DATES if values.get(n) and dates[n] is None]
    birth, issue, expiry = dates["birth_date"], dates["issue_date"], dates["expiry_date"]
    if birth is not None and birth > today:
        problems.append(Problem("BIRTH_DATE_IN_FUTURE", "birth_date"))
    if issue is not None and issue > today:
        problems.append(Problem("ISSUE_DATE_IN_FUTURE", "issue_date"))
    if issue is not None and birth is not None and issue < birth:
        problems.append(Problem("ISSUE_DATE_BEFORE_BIRTH", "issue_date"))
    if expiry is not None and issue is not None and expiry <= issue:
        problems.append(Problem("EXPIRY_DATE_BEFORE_ISSUE", "expiry_date"))
    if expiry is not None and expiry <= today:
        problems.append(Problem("EXPIRY_DATE_PAST", "expiry_date"))
    return problems


def validate_demographics(raw: Mapping[str, str], today: date) -> Demographics:
    """The validated demographics, or :class:`InvalidInput` naming every problem (unknown fields too)."""
    problems = [Problem("FIELD_UNKNOWN", name) for name in raw if name not in FIELDS]
    values = {name: _clean(raw.get(name, "")) for name in FIELDS}
    values["nationality"] = values["nationality"].upper()
    problems += _text_problems(values)
    dates = {name: parse_date(values[name]) for name in DATES}
    problems += _date_problems(dates, values, today)
    sex = values["sex"].upper()
    if values["sex"] and sex not in SEX_TEXT:
        problems.append(Problem("SEX_INVALID", "sex"))
    if values["nationality"] and values["nationality"] not in ALPHA3_TO_ALPHA2:
        problems.append(Problem("NATIONALITY_INVALID", "nationality"))
    if values["id_number"]:  # an empty one is already ID_NUMBER_REQUIRED
        problems += id_number_problems(values["id_number"], dates["birth_date"], sex)
    if values["old_id_number"] and not old_id_number_valid(values["old_id_number"]):
        problems.append(Problem("OLD_ID_NUMBER_INVALID", "old_id_number"))
    if problems:
        raise InvalidInput(problems)
    parsed = {name: dates[name] for name in DATES}
    return Demographics(**{**values, "sex": sex, **parsed})  # type: ignore[arg-type]
