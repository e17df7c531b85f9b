"""The stop-list text, parsed once for both readers: the configured file (``InMemoryStopList.parse``, a bad
line named with its text) and a supervisor's upload (``stop_list_admin.parse``, stricter, the refusal naming
only the line number)."""

from __future__ import annotations

import pytest

from gate.service.stop_list_admin import StopListInvalid
from gate.service.stop_list_admin import parse as parse_upload
from gate.stop_list import InMemoryStopList, StopListLineError, parse_lines

TEXT = "# lost and stolen\n\nvnm 001089012345  # still lost\n  D<<  x0000001\nUTO L898902C3<<\n"


def test_lines_are_numbered_normalised_and_comments_skipped() -> None:
    assert list(parse_lines(TEXT)) == [(3, "VNM", "001089012345"), (4, "D", "X0000001"), (5, "UTO", "L898902C3")]
    assert list(parse_lines("")) == [] and list(parse_lines("# only a comment\n\n")) == []


@pytest.mark.parametrize(("text", "line"), [("VNM 1\nVNM\n", 2), ("VNM 1 2\n", 1), ("\n\nD\n", 3)])
def test_a_line_of_another_shape_is_named(text: str, line: int) -> None:
    with pytest.raises(StopListLineError) as raised:
        list(parse_lines(text))
    assert raised.value.line_number == line


def test_the_configured_list_holds_every_entry_and_names_a_bad_line_with_its_text() -> None:
    listed = InMemoryStopList.parse(TEXT)
    assert listed.entries() == {("VNM", "001089012345"), ("D", "X0000001"), ("UTO", "L898902C3")}
    assert listed.contains("001089012345", "VNM") and not listed.contains("001089012346", "VNM")
    with pytest.raises(ValueError, match=r"stop-list line 2: expected 'STATE NUMBER', got 'VNM 1 2'"):
        InMemoryStopList.parse("VNM 1\nVNM 1 2\n")


def test_an_upload_is_checked_further_and_its_refusal_never_repeats_the_line() -> None:
    assert parse_upload(TEXT) == InMemoryStopList.parse(TEXT).entries()
    for text, line in (("VNM 1\nVNM 0123 4567\n", 2), ("VIETNAM 123\n", 1), ("VNM 12-34\n", 1)):
        with pytest.raises(StopListInvalid) as raised:
            parse_upload(text)
        assert f"line {line}:" in str(raised.value) and "0123" not in str(raised.value)
    assert InMemoryStopList.parse("VNM 12-34\n").contains("12-34", "VNM")  # the configured file is not checked
