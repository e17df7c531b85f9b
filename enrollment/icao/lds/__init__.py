"""The Logical Data Structure (ICAO 9303-10): one codec module per chip file, ``encode_*`` / ``decode_*``
pairs that round-trip byte for byte (golden fixtures in ``tests/fixtures/icao``); ``registry`` maps file
ids, tags and short file ids to files; ``tlv`` is the BER-TLV layer under all of them. Decoding never
implies trust: that is Passive Authentication's job (:mod:`enrollment.icao.pki`)."""

from enrollment.icao.lds import registry, tlv
from enrollment.icao.lds.card_access import CardAccess, PaceInfo, decode_card_access, encode_card_access
from enrollment.icao.lds.chip_auth_info import ChipAuthOffer, decode_chip_auth
from enrollment.icao.lds.com import ComFile, decode_com, encode_com
from enrollment.icao.lds.dg1 import decode_dg1, encode_dg1
from enrollment.icao.lds.dg2 import decode_dg2, encode_dg2
from enrollment.icao.lds.dg3 import decode_dg3, encode_dg3
from enrollment.icao.lds.dg4 import decode_dg4, encode_dg4
from enrollment.icao.lds.dg13 import Dg13Fields, decode_dg13, encode_dg13
from enrollment.icao.lds.dg14 import Dg14File, decode_dg14, encode_dg14
from enrollment.icao.lds.dg15 import decode_dg15, encode_dg15
from enrollment.icao.lds.mrz import Mrz, check_digit, format_mrz, mrz_information, parse_mrz, transliterate
from enrollment.icao.lds.registry import FileSpec
from enrollment.icao.lds.sod import SodFile, decode_sod, encode_sod

__all__ = [
    "CardAccess",
    "ChipAuthOffer",
    "ComFile",
    "Dg13Fields",
    "Dg14File",
    "FileSpec",
    "Mrz",
    "PaceInfo",
    "SodFile",
    "check_digit",
    "decode_card_access",
    "decode_chip_auth",
    "decode_com",
    "decode_dg1",
    "decode_dg2",
    "decode_dg3",
    "decode_dg4",
    "decode_dg13",
    "decode_dg14",
    "decode_dg15",
    "decode_sod",
    "encode_card_access",
    "encode_com",
    "encode_dg1",
    "encode_dg2",
    "encode_dg3",
    "encode_dg4",
    "encode_dg13",
    "encode_dg14",
    "encode_dg15",
    "encode_sod",
    "format_mrz",
    "mrz_information",
    "parse_mrz",
    "registry",
    "tlv",
    "transliterate",
]
