"""The holder's name in the MRZ: family name first, each part transliterated per ICAO Doc 9303 Part 3
(:func:`enrollment.icao.lds.mrz.transliterate`).

A Vietnamese name is written family name first: "NGUYỄN VĂN AN" has the primary identifier NGUYEN and the
secondary identifier VAN AN, so the name field reads ``NGUYEN<<VAN<AN``. Truncation to the field width
happens when the MRZ is formatted.
"""

from __future__ import annotations

from dataclasses import dataclass

from enrollment.icao.lds.mrz import transliterate


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
