"""The LDS file map (ICAO 9303 Part 10 §4): file identifiers, short file identifiers and tags."""

from __future__ import annotations

from dataclasses import dataclass

from enrollment.icao.errors import EncodingError

EMRTD_AID = bytes.fromhex("A0000002471001")


@dataclass(frozen=True)
class FileSpec:
    name: str
    fid: int
    tag: int
    dg: int | None = None  # data-group number, None for EF.COM and EF.SOD

    @property
    def sfi(self) -> int:
        return self.fid & 0x1F


_DG_TAGS = (0x61, 0x75, 0x63, 0x76, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6A, 0x6B, 0x6C, 0x6D, 0x6E, 0x6F, 0x70)
COM = FileSpec("EF.COM", 0x011E, 0x60)
SOD = FileSpec("EF.SOD", 0x011D, 0x77)
DATA_GROUPS = tuple(FileSpec(f"DG{n}", 0x0100 + n, tag, n) for n, tag in enumerate(_DG_TAGS, start=1))
ALL_FILES = (COM, SOD, *DATA_GROUPS)
CARD_ACCESS = FileSpec("EF.CardAccess", 0x011C, 0x31)  # in the master file, outside the eMRTD application


def dg(number: int) -> FileSpec:
    if not 1 <= number <= len(DATA_GROUPS):
        raise EncodingError(f"no data group {number}")
    return DATA_GROUPS[number - 1]


def by_tag(tag: int) -> FileSpec:
    for spec in ALL_FILES:
        if spec.tag == tag:
            return spec
    raise EncodingError(f"unknown LDS tag {tag:X}")


def by_fid(fid: int) -> FileSpec | None:
    return next((spec for spec in ALL_FILES if spec.fid == fid), None)


def by_sfi(sfi: int) -> FileSpec | None:
    return next((spec for spec in (*ALL_FILES, CARD_ACCESS) if spec.sfi == sfi), None)
