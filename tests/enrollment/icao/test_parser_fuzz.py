"""Fuzz of every chip parser: random bytes and mutations of the golden encodings.

Only the project's typed errors (:class:`IcaoError` and subclasses) may escape a parser; any other
exception (IndexError, ValueError, RecursionError, cryptography's own errors) fails the test. Bounded:
``settings(max_examples=…)`` per parser keeps the whole file to a few seconds; set
``EGATE_FUZZ_EXAMPLES`` (e.g. 5000) for a deeper run.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from enrollment.icao.biometric import cbeff
from enrollment.icao.biometric.iso19794_5 import decode_face_record
from enrollment.icao.lds import tlv
from enrollment.icao.lds.com import decode_com
from enrollment.icao.lds.dg1 import decode_dg1
from enrollment.icao.lds.dg2 import decode_dg2
from enrollment.icao.lds.dg3 import decode_dg3
from enrollment.icao.lds.dg13 import decode_dg13
from enrollment.icao.lds.dg14 import decode_dg14
from enrollment.icao.lds.dg15 import decode_dg15
from enrollment.icao.lds.mrz import parse_mrz
from enrollment.icao.lds.sod import decode_sod
from enrollment.icao.protocol.apdu import decode_command, decode_response
from tests.enrollment.icao.fuzzkit import hostile, mutated, only_typed_errors
from tests.fixtures.icao.make_fixtures import FIXTURES

EXAMPLES = int(os.environ.get("EGATE_FUZZ_EXAMPLES", "100"))  # raise it for a longer run


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _face_record(data: bytes) -> object:
    return decode_face_record(data)


PARSERS: dict[str, tuple[Callable[[bytes], object], str]] = {
    "tlv": (tlv.decode_all, "dg13.bin"),
    "dg1_td1": (decode_dg1, "dg1_td1.bin"),
    "dg1_td3": (decode_dg1, "dg1_td3.bin"),
    "dg2": (decode_dg2, "dg2.bin"),
    "cbeff": (lambda d: cbeff.decode_group(d, 0x75), "dg2.bin"),
    "dg3": (decode_dg3, "dg3.bin"),
    "dg13": (decode_dg13, "dg13.bin"),
    "dg14": (decode_dg14, "dg14.bin"),
    "dg15_ec": (decode_dg15, "dg15_ec.bin"),
    "dg15_rsa": (decode_dg15, "dg15_rsa.bin"),
    "com": (decode_com, "com.bin"),
    "sod": (decode_sod, "sod.bin"),
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_lds_parsers_raise_only_typed_errors(name: str, data: st.DataObject) -> None:
    parse, sample_name = PARSERS[name]
    sample = _fixture(sample_name)
    only_typed_errors(parse, data.draw(hostile(sample)))


@settings(max_examples=EXAMPLES, deadline=None)
@given(data=st.data())
def test_face_record_parser_raises_only_typed_errors(data: st.DataObject) -> None:
    record = cbeff.decode_group(_fixture("dg2.bin"), 0x75)[0][1]
    only_typed_errors(_face_record, data.draw(hostile(record)))


_MRZ_TD1 = "IDVNM001099012<3450<<<<<<<<<<<9901018M3901016VNM<<<<<<<<<<<6NGUYEN<VAN<<DUC<<<<<<<<<<<<<<<"
_MRZ_TD3 = ("P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<"
            "L898902C36UTO7408122F1204159ZE184226B<<<<<10")


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.one_of(st.text(max_size=100),
                 st.sampled_from([_MRZ_TD1, _MRZ_TD3]).flatmap(lambda s: mutated(s.encode("ascii"))).map(
                     lambda b: b.decode("latin-1"))))
def test_mrz_parser_raises_only_typed_errors(text: str) -> None:
    only_typed_errors(lambda _: parse_mrz(text), b"")


def test_mrz_samples_are_valid() -> None:
    assert parse_mrz(_MRZ_TD1).document_number == "001099012345"
    assert parse_mrz(_MRZ_TD3).document_number == "L898902C3"


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=300))
def test_apdu_parsers_raise_only_typed_errors(raw: bytes) -> None:
    only_typed_errors(decode_command, raw)
    only_typed_errors(decode_response, raw)
