"""Iris on the chip: CASIA-IrisV1 eyes enrolled in DG4 (enrollment.iris → personalise), listed in EF.COM,
hashed in EF.SOD, behind terminal authentication like DG3, read back only when asked (read_dg4)."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image

from enrollment.icao.biometric import cbeff
from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage
from enrollment.icao.errors import EncodingError
from enrollment.icao.inspection import AccessKey, InspectionResult, inspect_document
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.lds import registry
from enrollment.icao.lds.com import decode_com
from enrollment.icao.lds.dg4 import decode_dg4, encode_dg4, header_for
from enrollment.icao.lds.mrz import mrz_information
from enrollment.icao.lds.sod import decode_sod
from enrollment.icao.protocol.apdu import SW, CommandApdu
from enrollment.iris import iris_record, iris_records
from tests.conftest import require
from tests.enrollment.chipkit import NOW, Pki, applicant, issue, make_pki

KEY = AccessKey("001099012345", "990101", "390101")
DG4 = registry.dg(4).fid


@pytest.fixture(scope="module")
def casia(shared_dir: Path) -> Path:
    return require(shared_dir / "data" / "iris" / "casia-iris-v1")


@pytest.fixture(scope="module")
def eyes(casia: Path) -> dict[str, bytes]:
    return {"right": (casia / "1" / "001_1_1.jpg").read_bytes(), "left": (casia / "2" / "002_1_1.jpg").read_bytes()}


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def card(pki: Pki, eyes: dict[str, bytes]) -> CardImage:
    return issue(pki, applicant(iris_records=iris_records({"right": eyes["right"], "left": eyes["left"]})))


def read(image: CardImage, pki: Pki, **kwargs: object) -> InspectionResult:
    store = kwargs.pop("store", None) or pki.trust_store()
    return inspect_document(VirtualCard(image), KEY, store, at=NOW, **kwargs)  # type: ignore[arg-type]


def status(result: InspectionResult, name: str) -> tuple[str, str] | None:
    check = result.report.get(name)
    return None if check is None else (check.status, check.reason_code)


def test_dg4_is_listed_hashed_and_protected(card: CardImage) -> None:
    assert 4 in decode_com(card.files[registry.COM.fid]).data_groups
    assert 4 in decode_sod(card.files[registry.SOD.fid]).dg_hashes
    assert DG4 in card.eac_protected
    records = decode_dg4(card.files[DG4])
    assert [r.images[0].eye for r in records] == ["right", "left"]  # one record per eye


def test_personalise_then_read_round_trip(card: CardImage, pki: Pki, eyes: dict[str, bytes]) -> None:
    result = read(card, pki, read_dg4=True)
    assert result.report.passed, result.report.failures
    assert status(result, "dg4_access") == ("passed", "ok")
    assert status(result, "dg4_decode") == ("passed", "ok")
    assert status(result, "data_group_hashes") == ("passed", "ok")  # DG4's hash checked with the others
    doc = result.document
    assert 4 in doc.data_groups_read and 3 in doc.data_groups_read  # one terminal authentication, both read
    right, left = doc.iris_of("right"), doc.iris_of("left")
    assert [i.image for i in right] == [eyes["right"]] and [i.image for i in left] == [eyes["left"]]
    assert right[0].image_format == "mono_jpeg" and (right[0].width, right[0].height) == (320, 280)


def test_dg4_is_read_only_when_asked(card: CardImage, pki: Pki) -> None:
    result = read(card, pki)
    assert status(result, "dg4_access") == ("not_performed", "dg4_not_requested")
    assert result.document.iris_images == () and 4 not in result.document.data_groups_read
    assert result.report.passed


def test_a_card_without_dg4_names_it_only_when_asked(pki: Pki) -> None:
    plain = issue(pki)
    assert status(read(plain, pki), "dg4_access") is None
    assert status(read(plain, pki, read_dg4=True), "dg4_access") == ("not_performed", "dg4_absent")


def test_dg4_needs_terminal_authentication(card: CardImage, pki: Pki) -> None:
    session = ChipSession(VirtualCard(card))
    session.select_application()
    session.basic_access_control(mrz_information(KEY.document_number, KEY.birth_date, KEY.expiry_date))
    select = CommandApdu(0x00, 0xA4, 0x02, 0x0C, DG4.to_bytes(2, "big"))
    assert session.send(select, ok=(SW.OK, 0x6982)).sw == 0x6982  # BAC alone: security status not satisfied
    session.terminal_authenticate(pki.terminal_key, KEY.document_number)
    assert session.read_file(DG4) == card.files[DG4]


def test_without_the_terminal_key_dg4_is_not_read(card: CardImage, pki: Pki) -> None:
    result = read(card, pki, read_dg4=True, store=pki.trust_store(with_terminal=False))
    assert status(result, "dg4_access") == ("not_performed", "eac_no_terminal_key")
    assert result.document.iris_images == ()


def test_a_swapped_dg4_fails_passive_authentication(card: CardImage, pki: Pki, eyes: dict[str, bytes]) -> None:
    """Someone else's eye in DG4 (well-formed, but not what the issuer signed) fails the hash check."""
    other = encode_dg4(list(iris_records({"right": eyes["left"], "left": eyes["right"]})))
    result = read(replace(card, files={**card.files, DG4: other}), pki, read_dg4=True)
    assert status(result, "dg4_decode") == ("passed", "ok")
    check = result.report.get("data_group_hashes")
    assert check is not None and (check.status, check.reason_code, check.detail) == (
        "failed", "dg_hash_mismatch", "DG4 does not match its hash")


def test_a_dg4_holding_no_iris_record_is_a_failed_check(card: CardImage, pki: Pki) -> None:
    record = decode_dg4(card.files[DG4])[0]
    not_iris = cbeff.encode_group(registry.dg(4).tag, [(header_for(record), b"FIR\x00010\x00" + bytes(40))])
    result = read(replace(card, files={**card.files, DG4: not_iris}), pki, read_dg4=True)
    assert status(result, "dg4_access") == ("passed", "ok")
    assert status(result, "dg4_decode") == ("failed", "dg4_malformed")
    assert result.document.iris_images == () and not result.report.passed


def test_iris_record_keeps_a_grey_jpeg_and_converts_anything_else(eyes: dict[str, bytes]) -> None:
    kept = iris_record("right", eyes["right"], quality=80)
    assert kept.images[0].image == eyes["right"] and kept.images[0].quality == 80
    png = io.BytesIO()
    Image.open(io.BytesIO(eyes["left"])).convert("RGB").save(png, format="PNG")
    converted = iris_record("left", png.getvalue())
    assert converted.images[0].image.startswith(b"\xff\xd8") and (converted.width, converted.height) == (320, 280)
    assert Image.open(io.BytesIO(converted.images[0].image)).mode == "L"


@pytest.mark.parametrize(("eye", "data"), [("right", b"not an image"), ("middle", None), ("left", b"")])
def test_iris_record_refuses_bad_input(eyes: dict[str, bytes], eye: str, data: bytes | None) -> None:
    with pytest.raises(EncodingError):
        iris_record(eye, eyes["right"] if data is None else data)  # type: ignore[arg-type]
