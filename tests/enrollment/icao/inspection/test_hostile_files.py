"""Chip files the parsers cannot understand fail the PA or AA check they belong to, with its own reason
code; ``inspect_document`` never raises for them (the gate would turn an exception into SYSTEM_ERROR)."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from asn1crypto import cms, keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage
from enrollment.icao.inspection import AccessKey, InspectionResult, inspect_document
from enrollment.icao.lds import registry, tlv
from enrollment.icao.pki.sod_signer import build_sod
from tests.enrollment.chipkit import NOW, Pki, issue, make_pki
from tests.enrollment.icao.fuzzkit import hostile

KEY = AccessKey("001099012345", "990101", "390101")
SOD, DG14, DG15 = registry.SOD.fid, registry.dg(14).fid, registry.dg(15).fid
EXAMPLES = int(os.environ.get("EGATE_FUZZ_EXAMPLES", "20"))
HASHED = {registry.dg(n).fid for n in (1, 2, 3, 13, 14, 15)}  # a changed byte there can never pass


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def card(pki: Pki) -> CardImage:
    return issue(pki)


class Served(VirtualCard):
    """A genuine chip serving other bytes for some files (VirtualCard itself refuses a malformed DG1)."""

    def __init__(self, image: CardImage, served: dict[int, bytes]) -> None:
        super().__init__(image)
        self._files.update(served)


def inspect(image: CardImage, pki: Pki, **served: bytes) -> InspectionResult:
    files = {int(name[3:], 16): data for name, data in served.items()}
    return inspect_document(Served(image, files), KEY, pki.trust_store(), at=NOW)


def reason(result: InspectionResult, name: str) -> tuple[str, str]:
    check = result.report.get(name)
    assert check is not None, name
    return check.status, check.reason_code


def resigned(image: CardImage, pki: Pki, fid: int, data: bytes) -> CardImage:
    """``image`` with one data group replaced and EF.SOD signed again, so only that group's meaning is wrong."""
    files = {**image.files, fid: data}
    groups = {spec.dg: files[spec.fid] for spec in registry.DATA_GROUPS if spec.fid in files and spec.dg}
    return replace(image, files={**files, SOD: build_sod(groups, pki.ds, pki.ds_key, NOW)})


def test_ds_certificate_with_version_0a(card: CardImage, pki: Pki) -> None:
    sod = card.files[SOD]
    ds = pki.ds.public_bytes(serialization.Encoding.DER)
    version = ds.index(b"\xa0\x03\x02\x01\x02")  # [0] EXPLICIT INTEGER 2 (v3)
    bad = sod.replace(ds, ds[: version + 4] + b"\x0a" + ds[version + 5 :])
    result = inspect(card, pki, fid011D=bad)
    assert reason(result, "sod_decode") == ("failed", "ds_certificate_malformed")
    assert not result.report.passed


def test_empty_message_digest_attribute(card: CardImage, pki: Pki) -> None:
    info = cms.ContentInfo.load(tlv.decode_single(card.files[SOD], 0x77).value)
    for attr in info["content"]["signer_infos"][0]["signed_attrs"]:
        if attr["type"].native == "message_digest":
            attr["values"] = []
    result = inspect(card, pki, fid011D=tlv.encode(0x77, info.dump(force=True)))
    assert reason(result, "sod_decode") == ("failed", "sod_malformed")


def test_ds_certificate_key_on_an_unsupported_curve(card: CardImage, pki: Pki) -> None:
    """cryptography parses the certificate but raises UnsupportedAlgorithm on ``public_key()``."""
    info = cms.ContentInfo.load(tlv.decode_single(card.files[SOD], 0x77).value)
    cert = asn1_x509.Certificate.load(info["content"]["certificates"][0].chosen.dump())
    cert["tbs_certificate"]["subject_public_key_info"]["algorithm"]["parameters"] = ("named", "1.3.132.0.6")
    info["content"]["certificates"] = [asn1_x509.Certificate.load(cert.dump(force=True))]
    result = inspect(card, pki, fid011D=tlv.encode(0x77, info.dump(force=True)))
    assert reason(result, "ds_certificate_trust") == ("failed", "ds_untrusted_issuer")
    assert reason(result, "sod_signature") == ("failed", "ds_key_unsupported")


def _dg15(spki: bytes) -> bytes:
    return tlv.encode(registry.dg(15).tag, spki)


def _curve_spki(curve_oid: str) -> bytes:
    genuine = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    point = keys.PublicKeyInfo.load(genuine)["public_key"]
    return bytes(keys.PublicKeyInfo({"algorithm": {"algorithm": "ec", "parameters": ("named", curve_oid)},
                                     "public_key": point}).dump())


@pytest.mark.parametrize("spki", [
    _curve_spki("1.3.132.0.6"),  # secp112r1: cryptography raises UnsupportedAlgorithm
    ec.generate_private_key(ec.SECP224R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo),  # parses, not allowed
], ids=["secp112r1", "secp224r1"])
def test_dg15_key_on_a_curve_outside_the_list(card: CardImage, pki: Pki, spki: bytes) -> None:
    result = inspect(resigned(card, pki, DG15, _dg15(spki)), pki)
    assert reason(result, "active_authentication") == ("failed", "aa_key_unsupported")
    assert reason(result, "data_group_hashes")[0] == "passed"  # Passive Authentication is not what failed


def test_malformed_dg15_and_dg14_have_their_own_codes(card: CardImage, pki: Pki) -> None:
    result = inspect(resigned(card, pki, DG15, _dg15(b"\x30\x03\x02\x01\x00")), pki)
    assert reason(result, "active_authentication") == ("failed", "dg15_malformed")
    result = inspect(resigned(card, pki, DG14, tlv.encode(registry.dg(14).tag, b"\x31\x02\x05\x00")), pki)
    assert reason(result, "active_authentication") == ("failed", "dg14_malformed")


_FILES = (registry.COM.fid, SOD, *sorted(HASHED))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), fid=st.sampled_from(_FILES))
def test_a_hostile_file_never_raises_out_of_inspection(card: CardImage, pki: Pki, data: st.DataObject,
                                                       fid: int) -> None:
    served = data.draw(hostile(card.files[fid]))
    result = inspect(card, pki, **{f"fid{fid:04X}": served})
    if fid in HASHED and not served.startswith(card.files[fid]):  # bytes after the TLV are never read
        assert not result.report.passed
