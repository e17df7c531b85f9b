from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.errors import TemplateFormatError
from matcher.finger import iso19794_2 as iso
from matcher.finger.errors import FingerTemplateError, ImpossibleMinutiaError
from matcher.finger.template import KIND_BIFURCATION, KIND_ENDING, FingerTemplate, make_template

GOLDEN_2005 = bytes.fromhex(
    "464d5200" "20323000" "0000002a" "0000" "012c" "0190" "00c5" "00c5" "01" "00"
    "02" "00" "37" "02" "406400c8103c" "80fa0032c800" "0000"
)
GOLDEN_2011 = bytes.fromhex(
    "464d5200" "30333000" "00000042" "0001" "00"
    "00000033" "ffffffffffffffffff" "00" "0000" "0000" "01" "37000f0037"
    "02" "00" "00c5" "00c5" "00" "012c" "0190" "60" "02" "406400c8103c" "80fa0032c8fe" "0000"
)


def _template() -> FingerTemplate:
    return make_template(
        [100, 250], [200, 50], np.array([16, 200]) * iso.ANGLE_UNIT, kind=[KIND_ENDING, KIND_BIFURCATION],
        quality=[60, 0], width=300, height=400, dpi=500, nfiq2=55, finger_position=2,
    )


@pytest.mark.parametrize(("version", "golden"), [("2005", GOLDEN_2005), ("2011", GOLDEN_2011)])
def test_encode_golden_bytes_and_round_trip(version: str, golden: bytes) -> None:
    data = iso.encode(iso.record_of([_template()], version))
    assert data == golden
    record = iso.decode(golden)
    assert record.version == version
    (t,) = record.templates
    assert t.same_minutiae(_template())
    assert (t.finger_position, t.nfiq2, t.width, t.height) == (2, 55, 300, 400)
    assert t.dpi == pytest.approx(500.38)
    assert list(t.quality) == [60, 0]
    assert iso.encode(record) == golden


def test_secugen_templates_decode_and_reencode_byte_exact(secugen_db1: Path) -> None:
    files = sorted(secugen_db1.glob("*.iso"))
    assert len(files) == 80
    for f in files[:20]:
        data = f.read_bytes()
        record = iso.decode(data)
        assert record.version == "2005" and len(record.views) == 1
        t = record.templates[0]
        assert 10 <= t.count <= 80 and (t.width, t.height) == (300, 400)
        assert iso.encode(record) == data
        converted = iso.decode(iso.encode(iso.with_version(record, "2011")))
        assert converted.templates[0].same_minutiae(t)


def test_two_views_of_two_fingers() -> None:
    a = _template()
    b = make_template([5], [6], [0.0], width=300, height=400, finger_position=7)
    record = iso.decode(iso.encode(iso.record_of([a, b, a])))
    assert [v.template.finger_position for v in record.views] == [2, 7, 2]
    assert [v.view_number for v in record.views] == [0, 0, 1]


@pytest.mark.parametrize(
    "bad",
    [
        b"",
        b"FMR\x00 21\x00" + GOLDEN_2005[8:],  # unknown version
        GOLDEN_2005[:-3],  # truncated
        GOLDEN_2005[:8] + (999).to_bytes(4, "big") + GOLDEN_2005[12:],  # length field lies
        GOLDEN_2005 + b"\x00",  # trailing bytes
    ],
)
def test_malformed_records(bad: bytes) -> None:
    with pytest.raises(FingerTemplateError) as err:
        iso.decode(bad)
    assert isinstance(err.value, TemplateFormatError)


def _patched(offset: int, value: int) -> bytes:
    data = bytearray(GOLDEN_2005)
    data[offset] = value
    return bytes(data)


@pytest.mark.parametrize(
    "bad",
    [
        _patched(27, 40),  # 40 minutiae announced, bytes for 2
        _patched(28, 0x41),  # x = 0x164 = 356 >= width 300
        _patched(30, 0x02),  # y = 0x2c8 = 712 >= height 400
        _patched(28, 0xC0),  # minutia type 3 (reserved)
        _patched(33, 150),  # minutia quality 150
        _patched(19, 0),  # resolution 0
    ],
)
def test_impossible_minutiae(bad: bytes) -> None:
    with pytest.raises(ImpossibleMinutiaError):
        iso.decode(bad)


def test_2005_record_needs_one_geometry() -> None:
    other = make_template([1], [1], [0], width=200, height=200)
    with pytest.raises(FingerTemplateError):
        iso.encode(iso.record_of([_template(), other]))
