"""The holder's name in the MRZ, per ICAO Doc 9303 Part 3 (section 6, transliteration of Latin letters).

A Vietnamese name is written family name first: "NGUYỄN VĂN AN" has the primary identifier NGUYEN and the
secondary identifier VAN AN, so the name field reads ``NGUYEN<<VAN<AN``. Diacritics are dropped (the
Vietnamese tone and vowel marks decompose under NFD), Đ/đ becomes D, the multi-letter Latin characters
follow Doc 9303's table (Æ → AE, Ø → OE, ß → SS, Þ → TH ...), apostrophes are omitted and hyphens, commas
and spaces become the filler ``<``. Truncation to the field width happens when the MRZ is formatted.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_MULTI = {"Æ": "AE", "æ": "AE", "Ø": "OE", "ø": "OE", "Œ": "OE", "œ": "OE", "ß": "SS", "ẞ": "SS",
          "Þ": "TH", "þ": "TH", "Ĳ": "IJ", "ĳ": "IJ", "Đ": "D", "đ": "D", "Ð": "D", "Ł": "L", "ł": "L",
          "Ħ": "H", "ħ": "H", "ı": "I"}


def transliterate(text: str) -> str:
    """Upper-case A-Z and ``<`` only: ``"Nguyễn Văn-An"`` → ``"NGUYEN<VAN<AN"``."""
    text = "".join(_MULTI.get(c, c) for c in unicodedata.normalize("NFC", text))
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    text = text.replace("'", "").replace("’", "").upper()
    text = re.sub(r"[\s\-,.]+", "<", text.strip(" -,."))
    return re.sub(r"[^A-Z<]", "", text)


@dataclass(frozen=True)
class MrzName:
    surname: str  # the primary identifier, MRZ characters
    given_names: str  # the secondary identifier, MRZ characters

    @property
    def field(self) -> str:
        """The name field before padding: ``NGUYEN<<VAN<AN``."""
        return f"{self.surname}<<{self.given_names}" if self.given_names else f"{self.surname}<<"


def mrz_name(full_name: str) -> MrzName:
    """Family name first, then the middle and given names."""
    family, _, given = " ".join(full_name.split()).partition(" ")
    return MrzName(transliterate(family), transliterate(given))
