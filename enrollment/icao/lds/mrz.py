"""Machine-readable zone (ICAO 9303 Parts 3, 4 and 5): check digits, TD1 (ID cards) and TD3 (passports).

``format_mrz`` builds the zone with correct check digits; ``parse_mrz`` decodes one and verifies every
check digit, raising :class:`MrzError` on any defect. Document numbers longer than nine characters
(the 12-digit Vietnamese ID number) follow Part 5 §4.2.4 on TD1: the first nine characters, a ``<``
in the check-digit position, then the rest, its check digit and a ``<`` at the start of the optional data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from enrollment.icao.errors import MrzError

Layout = Literal["TD1", "TD3"]
_ALLOWED = re.compile(r"^[A-Z0-9<]*$")
_WEIGHTS = (7, 3, 1)
_LINE = {"TD1": 30, "TD3": 44}
_LINES = {"TD1": 3, "TD3": 2}


def _value(char: str) -> int:
    if "0" <= char <= "9":
        return int(char)
    if "A" <= char <= "Z":
        return ord(char) - ord("A") + 10
    if char == "<":
        return 0
    raise MrzError(f"character {char!r} not allowed in an MRZ")


def check_digit(field: str) -> str:
    """ICAO 9303 Part 3 §4.9: weights 7-3-1, digits as themselves, A-Z = 10-35, '<' = 0, mod 10."""
    return str(sum(_value(c) * _WEIGHTS[i % 3] for i, c in enumerate(field)) % 10)


def mrz_information(document_number: str, birth_date: str, expiry_date: str) -> bytes:
    """The BAC key input: number (padded to 9 with '<') + check digit, birth + cd, expiry + cd."""
    number = document_number.upper().ljust(9, "<")
    for name, field in (("birth date", birth_date), ("expiry date", expiry_date)):
        if not re.fullmatch(r"[0-9]{6}", field):
            raise MrzError(f"{name} must be YYMMDD, got {field!r}")
    if not _ALLOWED.match(number):
        raise MrzError(f"document number {document_number!r} has characters outside A-Z 0-9 <")
    parts = (number, birth_date, expiry_date)
    return "".join(p + check_digit(p) for p in parts).encode("ascii")


# ICAO 9303 Part 3 §6: the Latin letters that transliterate to more than their base letter (or that NFKD does
# not decompose); every other diacritic (the Vietnamese tone and vowel marks included) is dropped
_MULTI = {"Æ": "AE", "æ": "AE", "Ø": "OE", "ø": "OE", "Œ": "OE", "œ": "OE", "ß": "SS", "ẞ": "SS",
          "Þ": "TH", "þ": "TH", "Ĳ": "IJ", "ĳ": "IJ", "Đ": "D", "đ": "D", "Ð": "D", "Ł": "L", "ł": "L",
          "Ħ": "H", "ħ": "H", "ı": "I", "Ŋ": "N", "ŋ": "N", "Ŧ": "T", "ŧ": "T", "Ŀ": "L", "ŀ": "L"}


def transliterate(text: str) -> str:
    """A name in MRZ characters (ICAO 9303 Part 3 §6), upper-case A-Z and ``<`` only: diacritics dropped,
    the multi-letter characters of Doc 9303's table (Æ → AE, Ø → OE, ß → SS, Þ → TH, Đ → D ...), apostrophes,
    full stops and every other punctuation omitted; runs of white space, hyphens and commas one filler ``<``;
    never two fillers in a row (that is the surname separator) nor one at either end:
    ``"Nguyễn Văn-An"`` → ``"NGUYEN<VAN<AN"``, ``"O'Brien"`` → ``"OBRIEN"``, ``"J.R. Smith"`` → ``"JR<SMITH"``.
    A name already in A-Z and single ``<`` comes back unchanged."""
    text = "".join(_MULTI.get(c, c) for c in unicodedata.normalize("NFC", text))
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if unicodedata.category(c) != "Mn")
    text = re.sub(r"[\s\-,]+", "<", text.upper())
    text = re.sub(r"[^A-Z<]", "", text)
    return re.sub(r"<{2,}", "<", text).strip("<")


@dataclass(frozen=True)
class Mrz:
    layout: Layout
    document_code: str
    issuing_state: str
    document_number: str
    birth_date: str
    sex: str
    expiry_date: str
    nationality: str
    surname: str
    given_names: str
    optional_data: str = ""
    optional_data_2: str = ""


def _field(value: str, width: int, name: str) -> str:
    if len(value) > width or not _ALLOWED.match(value):
        raise MrzError(f"{name} {value!r} does not fit {width} MRZ characters")
    return value.ljust(width, "<")


def _name_field(mrz: Mrz, width: int) -> str:
    name = transliterate(mrz.surname) + "<<" + transliterate(mrz.given_names)
    return name[:width].ljust(width, "<")


def _number_and_optional(mrz: Mrz, optional_width: int) -> tuple[str, str, str]:
    number = mrz.document_number
    if len(number) <= 9 or mrz.layout == "TD3":
        return _field(number, 9, "document number"), check_digit(number.ljust(9, "<")), mrz.optional_data
    extra = number[9:] + check_digit(number) + "<" + mrz.optional_data
    return number[:9], "<", _field(extra, optional_width, "document number overflow")


def format_mrz(mrz: Mrz) -> str:
    """The zone as one string without line breaks (90 characters for TD1, 88 for TD3), as stored in DG1."""
    sex = mrz.sex if mrz.sex in ("M", "F") else "<"
    birth = mrz.birth_date + check_digit(mrz.birth_date)
    expiry = mrz.expiry_date + check_digit(mrz.expiry_date)
    if mrz.layout == "TD1":
        number, cd, optional = _number_and_optional(mrz, 15)
        line1 = _field(mrz.document_code, 2, "code") + _field(mrz.issuing_state, 3, "state") + number + cd
        line1 += _field(optional, 15, "optional data")
        line2 = birth + sex + expiry + _field(mrz.nationality, 3, "nationality")
        line2 += _field(mrz.optional_data_2, 11, "optional data 2")
        line2 += check_digit(line1[5:30] + line2[0:7] + line2[8:15] + line2[18:29])
        return line1 + line2 + _name_field(mrz, 30)
    line1 = _field(mrz.document_code, 2, "code") + _field(mrz.issuing_state, 3, "state")
    line1 += _name_field(mrz, 39)
    number = _field(mrz.document_number, 9, "document number")
    personal = _field(mrz.optional_data, 14, "personal number")
    personal_cd = "<" if personal == "<" * 14 else check_digit(personal)
    line2 = number + check_digit(number) + _field(mrz.nationality, 3, "nationality") + birth + sex + expiry
    line2 += personal + personal_cd
    line2 += check_digit(line2[0:10] + line2[13:20] + line2[21:43])
    return line1 + line2


def _expect(field: str, digit: str, name: str) -> None:
    if digit == "<" and field.strip("<") == "":
        return
    if check_digit(field) != digit:
        raise MrzError(f"check digit of {name} is {digit!r}, expected {check_digit(field)!r}")


def _split_name(field: str) -> tuple[str, str]:
    surname, _, given = field.partition("<<")
    return surname.replace("<", " ").strip(), given.replace("<", " ").strip()


def _dates(birth: str, expiry: str) -> None:
    for name, value in (("birth date", birth), ("expiry date", expiry)):
        if not value.isdigit():
            raise MrzError(f"{name} {value!r} is not YYMMDD")


def parse_mrz(text: str) -> Mrz:
    """Decode a TD1 (90 chars) or TD3 (88 chars) zone, line breaks allowed; every check digit verified."""
    flat = "".join(text.split())
    layout: Layout
    if len(flat) == 90:
        layout = "TD1"
    elif len(flat) == 88:
        layout = "TD3"
    else:
        raise MrzError(f"MRZ of {len(flat)} characters is neither TD1 (90) nor TD3 (88)")
    if not _ALLOWED.match(flat):
        raise MrzError("MRZ contains characters outside A-Z 0-9 <")
    width = _LINE[layout]
    lines = [flat[i * width : (i + 1) * width] for i in range(_LINES[layout])]
    return _parse_td1(lines) if layout == "TD1" else _parse_td3(lines)


def _parse_td1(lines: list[str]) -> Mrz:
    l1, l2, l3 = lines
    number, optional = l1[5:14], l1[15:30]
    if l1[14] == "<" and number.strip("<") and optional[0] != "<":
        tail = optional.split("<", 1)[0]
        number, optional = number + tail[:-1], optional[len(tail) + 1 :]
        _expect(number, tail[-1], "document number")
    else:
        _expect(number, l1[14], "document number")
    _dates(l2[0:6], l2[8:14])
    _expect(l2[0:6], l2[6], "birth date")
    _expect(l2[8:14], l2[14], "expiry date")
    _expect(l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29], l2[29], "composite")
    surname, given = _split_name(l3)
    return Mrz("TD1", l1[0:2].rstrip("<"), l1[2:5], number.rstrip("<"), l2[0:6], l2[7], l2[8:14],
               l2[15:18], surname, given, optional.rstrip("<"), l2[18:29].rstrip("<"))


def _parse_td3(lines: list[str]) -> Mrz:
    l1, l2 = lines
    _expect(l2[0:9], l2[9], "document number")
    _dates(l2[13:19], l2[21:27])
    _expect(l2[13:19], l2[19], "birth date")
    _expect(l2[21:27], l2[27], "expiry date")
    _expect(l2[28:42], l2[42], "personal number")
    _expect(l2[0:10] + l2[13:20] + l2[21:43], l2[43], "composite")
    surname, given = _split_name(l1[5:44])
    return Mrz("TD3", l1[0:2].rstrip("<"), l1[2:5], l2[0:9].rstrip("<"), l2[13:19], l2[20], l2[21:27],
               l2[10:13], surname, given, l2[28:42].rstrip("<"))
