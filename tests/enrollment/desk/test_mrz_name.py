"""The MRZ name per ICAO 9303 Part 3: family name first, diacritics dropped, Đ → D, fillers."""

from __future__ import annotations

import pytest

from enrollment.desk.mrz_name import mrz_name
from enrollment.icao.lds.mrz import transliterate


@pytest.mark.parametrize(("name", "field"), [
    ("NGUYỄN VĂN AN", "NGUYEN<<VAN<AN"),
    ("Nguyễn Văn An", "NGUYEN<<VAN<AN"),
    ("Đặng Thị Ánh-Tuyết", "DANG<<THI<ANH<TUYET"),
    ("Trần", "TRAN<<"),
    ("O'Brien Seán", "OBRIEN<<SEAN"),
    ("Ørsted Søren", "OERSTED<<SOEREN"),
    ("Weiß Jürgen", "WEISS<<JURGEN"),
])
def test_names_become_mrz_fields(name: str, field: str) -> None:
    assert mrz_name(name).field == field


def test_only_mrz_characters_remain() -> None:
    assert transliterate("Lê  Thị, Hồng.") == "LE<THI<HONG"
    assert transliterate("Ư Ơ Ă Â Ê Ô đ") == "U<O<A<A<E<O<D"
