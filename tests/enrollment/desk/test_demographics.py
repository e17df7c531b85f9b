"""Demographics: the DG13 fields validated into typed codes, every problem at once, and the ID number's
structure (province, century and sex, birth year) checked against the applicant."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta

import pytest

from enrollment.desk.demographics import validate_demographics
from enrollment.desk.errors import InvalidInput
from tests.enrollment.desk.applicants import TODAY, form


def problems(**changes: str) -> set[tuple[str, str | None]]:
    with pytest.raises(InvalidInput) as caught:
        validate_demographics(form(**changes), TODAY)
    return {(p.code, p.field) for p in caught.value.problems}


def test_a_valid_form_keeps_the_diacritics_and_prints_dg13() -> None:
    person = validate_demographics(form(), TODAY)
    assert person.full_name == "Nguyễn Văn An" and person.birth_date == date(1989, 8, 4)
    dg13 = person.dg13()
    assert (dg13.full_name, dg13.birth_date, dg13.sex, dg13.nationality) == (
        "Nguyễn Văn An", "04/08/1989", "Nam", "Việt Nam")
    assert person.as_fields()["birth_date"] == "1989-08-04"


def test_combining_marks_and_spacing_are_normalised() -> None:
    decomposed = unicodedata.normalize("NFD", "Nguyễn   Văn An ")
    assert validate_demographics(form(full_name=decomposed), TODAY).full_name == "Nguyễn Văn An"


def test_the_printed_date_layout_is_read_too() -> None:
    assert validate_demographics(form(birth_date="04/08/1989"), TODAY).birth_date == date(1989, 8, 4)


@pytest.mark.parametrize("birth", ["991340", "1999-13-40", "1999-02-30", "30/02/1999", "tomorrow", "1850-01-01"])
def test_a_date_that_does_not_exist_is_birth_date_invalid(birth: str) -> None:
    assert ("BIRTH_DATE_INVALID", "birth_date") in problems(birth_date=birth)


def test_an_expiry_already_past_is_refused() -> None:
    assert ("EXPIRY_DATE_PAST", "expiry_date") in problems(issue_date="2010-01-01", expiry_date="2020-01-01")


def test_an_expiry_before_the_issue_is_refused() -> None:
    issue = TODAY - timedelta(days=1)
    found = problems(issue_date=issue.isoformat(), expiry_date=(issue - timedelta(days=1)).isoformat())
    assert {("EXPIRY_DATE_BEFORE_ISSUE", "expiry_date"), ("EXPIRY_DATE_PAST", "expiry_date")} <= found


def test_future_and_inconsistent_dates_are_refused() -> None:
    tomorrow = (TODAY + timedelta(days=1)).isoformat()
    assert ("BIRTH_DATE_IN_FUTURE", "birth_date") in problems(birth_date=tomorrow, id_number="001230012345")
    assert ("ISSUE_DATE_IN_FUTURE", "issue_date") in problems(issue_date=tomorrow)
    assert ("ISSUE_DATE_BEFORE_BIRTH", "issue_date") in problems(issue_date="1980-01-01")


def test_every_missing_field_is_named() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_demographics({}, TODAY)
    codes = set(caught.value.codes)
    assert {"FULL_NAME_REQUIRED", "BIRTH_DATE_REQUIRED", "ID_NUMBER_REQUIRED", "SEX_REQUIRED",
            "PLACE_OF_ORIGIN_REQUIRED", "EXPIRY_DATE_REQUIRED"} <= codes
    assert "RELIGION_REQUIRED" not in codes  # optional


@pytest.mark.parametrize(("number", "code"), [
    ("00108901234", "ID_NUMBER_INVALID"),          # eleven digits
    ("00108901234X", "ID_NUMBER_INVALID"),
    ("003089012345", "ID_NUMBER_PROVINCE_UNKNOWN"),  # 003 is no province code
    ("001189012345", "ID_NUMBER_SEX_MISMATCH"),      # 1: a woman born 1900-1999
    ("001289012345", "ID_NUMBER_CENTURY_MISMATCH"),  # 2: born 2000-2099
    ("001090012345", "ID_NUMBER_BIRTH_YEAR_MISMATCH"),
])
def test_the_id_number_structure_is_checked(number: str, code: str) -> None:
    assert (code, "id_number") in problems(id_number=number)


def test_a_woman_born_this_century_has_digit_3() -> None:
    person = validate_demographics(form(id_number="079305000123", sex="F", birth_date="2005-03-01"), TODAY)
    assert person.sex == "F"


@pytest.mark.parametrize(("field", "value", "code"), [
    ("full_name", "Nguyễn V4n An", "FULL_NAME_INVALID"),
    ("full_name", "An\u0000", "FULL_NAME_INVALID"),
    ("full_name", "'-", "FULL_NAME_INVALID"),
    ("sex", "X", "SEX_INVALID"),
    ("nationality", "XYZ", "NATIONALITY_INVALID"),
    ("old_id_number", "12345", "OLD_ID_NUMBER_INVALID"),
    ("place_of_residence", "x" * 201, "PLACE_OF_RESIDENCE_TOO_LONG"),
])
def test_bad_text_is_a_typed_code(field: str, value: str, code: str) -> None:
    assert (code, field) in problems(**{field: value})


def test_an_unknown_field_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        validate_demographics({**form(), "blood_group": "O"}, TODAY)
    assert caught.value.codes == ("FIELD_UNKNOWN",)
