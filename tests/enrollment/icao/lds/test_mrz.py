from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrollment.icao.errors import MrzError
from enrollment.icao.lds.mrz import Mrz, check_digit, format_mrz, mrz_information, parse_mrz, transliterate

TD3_SPECIMEN = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<" + "L898902C36UTO7408122F1204159ZE184226B<<<<<10"
TD1_SPECIMEN = ("I<UTOD231458907<<<<<<<<<<<<<<<" + "7408122F1204159UTO<<<<<<<<<<<6"
                + "ERIKSSON<<ANNA<MARIA<<<<<<<<<<")


def test_check_digits_of_the_specimens() -> None:
    assert check_digit("L898902C3") == "6"
    assert check_digit("740812") == "2"
    assert check_digit("520727") == "3"
    assert check_digit("AB2134<<<") == "5"


def test_icao_td3_specimen_parses_and_formats_back() -> None:
    mrz = parse_mrz(TD3_SPECIMEN)
    assert (mrz.layout, mrz.document_number, mrz.surname, mrz.given_names) == ("TD3", "L898902C3", "ERIKSSON",
                                                                            "ANNA MARIA")
    assert mrz.optional_data == "ZE184226B"
    assert format_mrz(mrz) == TD3_SPECIMEN


def test_icao_td1_specimen_parses_and_formats_back() -> None:
    mrz = parse_mrz(TD1_SPECIMEN)
    assert (mrz.layout, mrz.document_number, mrz.birth_date, mrz.expiry_date) == ("TD1", "D23145890", "740812",
                                                                               "120415")
    assert format_mrz(mrz) == TD1_SPECIMEN


def test_vietnamese_12_digit_number_on_td1() -> None:
    mrz = Mrz("TD1", "ID", "VNM", "001099012345", "990101", "M", "390101", "VNM", "Nguyễn Văn", "Đức")
    text = format_mrz(mrz)
    assert text[:30] == "IDVNM001099012<3450<<<<<<<<<<<"
    assert text[60:] == "NGUYEN<VAN<<DUC" + "<" * 15
    parsed = parse_mrz(text)
    assert parsed.document_number == "001099012345"
    assert parsed.surname == "NGUYEN VAN"


@pytest.mark.parametrize(("surname", "given", "field"), [
    ("O'Brien", "Seán", "OBRIEN<<SEAN"),  # Part 3 §6: an apostrophe is omitted, not a filler
    ("Weiß-Ørsted", "Jürgen", "WEISS<OERSTED<<JURGEN"),  # the multi-letter characters of Doc 9303's table
    ("Łukasz.", "Æsa, Þóra", "LUKASZ<<AESA<THORA"),  # no filler from a full stop or comma at either end
    ("Smith", "J.R. / Ŋa", "SMITH<<JR<NA"),  # full stops and other punctuation omitted, never a double filler
    ("NGUYEN<VAN", "DUC", "NGUYEN<VAN<<DUC"),  # MRZ characters already: unchanged
])
def test_the_name_field_is_transliterated_per_part_3(surname: str, given: str, field: str) -> None:
    mrz = Mrz("TD1", "ID", "VNM", "001099012345", "990101", "M", "390101", "VNM", surname, given)
    text = format_mrz(mrz)
    assert text[60:] == field.ljust(30, "<")
    parsed = parse_mrz(text)
    assert (parsed.surname, parsed.given_names) == (field.split("<<")[0].replace("<", " "),
                                                    field.split("<<")[1].replace("<", " "))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_transliteration_yields_only_name_characters_and_is_stable(text: str) -> None:
    once = transliterate(text)
    assert set(once) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ<") and transliterate(once) == once
    assert "<<" not in once and not once.startswith("<") and not once.endswith("<")


@pytest.mark.parametrize("index", [14, 36, 44, 59])
def test_corrupted_check_digit_is_rejected(index: int) -> None:
    text = list(TD1_SPECIMEN)
    text[index] = "9" if text[index] != "9" else "8"
    with pytest.raises(MrzError, match="check digit"):
        parse_mrz("".join(text))


@pytest.mark.parametrize("text", ["", "P<UTO", TD3_SPECIMEN.lower(), TD3_SPECIMEN[:-1] + "é"])
def test_malformed_zones_are_rejected(text: str) -> None:
    with pytest.raises(MrzError):
        parse_mrz(text)


def test_access_key_validation() -> None:
    with pytest.raises(MrzError):
        mrz_information("L898902C<", "69086", "940623")
    with pytest.raises(MrzError):
        mrz_information("L89-8902", "690806", "940623")
    with pytest.raises(MrzError):
        mrz_information("L898902C<", "69080\u0666", "940623")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<", min_size=88, max_size=90))
def test_fuzz_parser_raises_only_mrz_errors(text: str) -> None:
    with contextlib.suppress(MrzError):
        parse_mrz(text)


_NUM = st.text(alphabet="ABCDEFGHJKLMNPRSTUVWXYZ0123456789", min_size=1, max_size=12)
_DATE = st.from_regex(r"[0-9]{6}", fullmatch=True)
_NAME = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)


@settings(max_examples=200, deadline=None)
@given(_NUM, _DATE, _DATE, _NAME, _NAME, st.sampled_from(["M", "F"]))
def test_fuzz_td1_round_trip(number: str, birth: str, expiry: str, surname: str, given: str, sex: str) -> None:
    mrz = Mrz("TD1", "ID", "VNM", number, birth, sex, expiry, "VNM", surname, given)
    parsed = parse_mrz(format_mrz(mrz))
    assert (parsed.document_number, parsed.birth_date, parsed.expiry_date) == (number, birth, expiry)
    assert (parsed.surname, parsed.given_names, parsed.sex) == (surname, given, sex)
