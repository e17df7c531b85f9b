"""The 12-digit personal identification number of the CCCD (Decree 137/2015, Circular 07/2016/TT-BCA).

    PPP C YY NNNNNN     PPP the province (or centrally-run city) where the birth was registered,
                        C   century and sex: 0/1 born 1900-1999 male/female, 2/3 2000-2099, 4/5 2100-2199 ...
                        YY  the last two digits of the birth year, NNNNNN a random serial

The number carries no check digit (the MRZ's check digits are computed over it at issuance); what can be
checked is its structure against the applicant's province list, sex and birth year.
"""

from __future__ import annotations

import re
from datetime import date

from enrollment.desk.errors import Problem

_PROVINCE_LIST = (
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 037 "
    "038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 077 079 "
    "080 082 083 084 086 087 089 091 092 093 094 095 096"
)
PROVINCES: frozenset[str] = frozenset(_PROVINCE_LIST.split(" "))
_FORMAT = re.compile(r"[0-9]{12}")
_OLD_FORMAT = re.compile(r"[0-9]{9}|[0-9]{12}")  # the 9-digit CMND, or an earlier 12-digit number


def id_number_problems(number: str, birth: date | None, sex: str | None) -> list[Problem]:
    """What is wrong with ``number`` (empty when nothing); the birth date and sex, when known, must agree."""
    if not number:
        return [Problem("ID_NUMBER_REQUIRED", "id_number")]
    if not _FORMAT.fullmatch(number):
        return [Problem("ID_NUMBER_INVALID", "id_number")]
    problems = []
    if number[:3] not in PROVINCES:
        problems.append(Problem("ID_NUMBER_PROVINCE_UNKNOWN", "id_number"))
    if birth is not None:
        if birth.year < 1900 or int(number[3]) // 2 != (birth.year - 1900) // 100:
            problems.append(Problem("ID_NUMBER_CENTURY_MISMATCH", "id_number"))
        if number[4:6] != f"{birth.year % 100:02d}":
            problems.append(Problem("ID_NUMBER_BIRTH_YEAR_MISMATCH", "id_number"))
    if sex in ("M", "F") and int(number[3]) % 2 != (1 if sex == "F" else 0):
        problems.append(Problem("ID_NUMBER_SEX_MISMATCH", "id_number"))
    return problems


def old_id_number_valid(number: str) -> bool:
    return _OLD_FORMAT.fullmatch(number) is not None
