"""End to end on the virtual CCCD: PACE with the CAN or the MRZ, Chip Authentication, fallback to BAC."""

from __future__ import annotations

import os
from dataclasses import replace

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage, dumps, loads
from enrollment.icao.errors import PaceError
from enrollment.icao.inspection import AccessKey, InspectionResult, inspect_document
from enrollment.icao.inspection.pace_sender import perform_pace, read_card_access
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.inspection.transport import CanKey, ChipKey
from enrollment.icao.lds import registry
from enrollment.icao.lds.card_access import decode_card_access
from enrollment.icao.lds.chip_auth_info import chip_auth_infos
from enrollment.icao.lds.dg14 import decode_dg14, encode_dg14
from enrollment.icao.pki.keys import generate_key
from enrollment.icao.pki.sod_signer import build_sod
from enrollment.icao.protocol import pace
from enrollment.personalise import personalise
from tests.enrollment.chipkit import NOW, Pki, applicant, make_pki

MRZ = AccessKey("001099012345", "990101", "390101")
CAN = "123456"
DG14 = registry.dg(14).fid


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def cccd(pki: Pki) -> CardImage:
    return personalise(applicant(), pki.issuer(), generate_key("ecdsa-p256"), NOW, can=CAN)


def run(image: CardImage, pki: Pki, key: ChipKey) -> InspectionResult:
    return inspect_document(VirtualCard(image), key, pki.trust_store(), at=NOW)


def status(result: InspectionResult, name: str) -> tuple[str, str]:
    check = result.report.get(name)
    assert check is not None, name
    return check.status, check.reason_code


def test_cccd_profile_is_the_td1_default(cccd: CardImage) -> None:
    assert cccd.profile == "cccd" and cccd.can == CAN and cccd.ca_private_key_pem is not None
    offered = decode_card_access(cccd.files[registry.CARD_ACCESS.fid]).preferred()
    assert offered is not None and offered.parameter_id == 13
    assert loads(dumps(cccd)) == cccd


@pytest.mark.parametrize(("key", "password"), [(CanKey(CAN), "CAN"), (MRZ, "MRZ")])
def test_pace_with_can_or_mrz_then_ca_pa_aa(cccd: CardImage, pki: Pki, key: ChipKey, password: str) -> None:
    result = run(cccd, pki, key)
    assert result.report.passed, result.report.failures
    assert result.report.access_protocol == "PACE"
    pace_check = result.report.get("pace")
    assert pace_check is not None and password in pace_check.detail and "brainpoolP256r1" in pace_check.detail
    for name in ("chip_authentication", "active_authentication", "pace_consistency", "dg3_access",
                 "data_group_hashes"):
        assert status(result, name) == ("passed", "ok"), name
    assert status(result, "bac") == ("not_performed", "pace_used")
    expected = ("not_performed", "can_access") if password == "CAN" else ("passed", "ok")
    assert status(result, "dg1_mrz_match") == expected
    assert result.document.data_groups_read == (1, 2, 3, 13, 14, 15)


def test_nist_p256_parameters(pki: Pki) -> None:
    from enrollment.chip_profile import chip_profile

    profile = chip_profile("TD1", can=CAN, parameter_id=12)
    image = personalise(applicant(), pki.issuer(), generate_key("ecdsa-p256"), NOW, can=CAN, ca_key=profile.ca_key)
    image = replace(image, files={**image.files, registry.CARD_ACCESS.fid: profile.card_access or b""})
    session = ChipSession(VirtualCard(image))
    info = decode_card_access(read_card_access(session) or b"").preferred()
    assert info is not None and info.parameter_id == 12
    assert perform_pace(session, info, pace.can_password(CAN), os.urandom).parameters == "NIST P-256"


def test_wrong_can_fails_pace_with_a_typed_error(cccd: CardImage, pki: Pki) -> None:
    result = run(cccd, pki, CanKey("654321"))
    assert not result.report.passed and result.report.access_protocol is None
    check = result.report.get("pace")
    assert check is not None and (check.status, check.reason_code) == ("failed", "pace_failed")
    assert "PACE" in check.detail and "CAN" in check.detail
    assert all(c.status == "not_performed" for c in result.report.checks[1:])
    session = ChipSession(VirtualCard(cccd))
    info = decode_card_access(read_card_access(session) or b"").preferred()
    assert info is not None
    with pytest.raises(PaceError, match="PACE"):
        perform_pace(session, info, pace.can_password("000000"), os.urandom)


def test_passport_profile_falls_back_to_bac(pki: Pki) -> None:
    passport = personalise(applicant(layout="TD3", document_number="C01X00T47", dg13=None), pki.issuer(),
                           generate_key("ecdsa-p256"), NOW)
    assert passport.profile == "passport" and registry.CARD_ACCESS.fid not in passport.files
    result = run(passport, pki, AccessKey("C01X00T47", "990101", "390101"))
    assert result.report.passed, result.report.failures
    assert result.report.access_protocol == "BAC"
    assert status(result, "pace") == ("not_performed", "card_access_absent")
    assert status(result, "chip_authentication") == ("not_performed", "ca_not_offered")
    assert status(run(passport, pki, CanKey(CAN)), "bac") == ("failed", "bac_needs_mrz")


def test_stripped_card_access_is_a_detected_downgrade(cccd: CardImage, pki: Pki) -> None:
    files = {fid: data for fid, data in cccd.files.items() if fid != registry.CARD_ACCESS.fid}
    result = run(replace(cccd, files=files), pki, MRZ)
    assert result.report.access_protocol == "BAC" and not result.report.passed
    assert status(result, "pace_consistency") == ("failed", "pace_downgrade")


def _with_dg14_key(image: CardImage, pki: Pki, resign: bool) -> CardImage:
    stranger = ec.generate_private_key(ec.BrainpoolP256R1())
    original = decode_dg14(image.files[DG14])
    dg14 = encode_dg14(original.aa_hash, chip_auth_infos(stranger.public_key()))
    files = {**image.files, DG14: dg14}
    if resign:  # an insider with the DS key re-signs: PA passes, only CA can tell
        groups = {spec.dg: files[spec.fid] for spec in registry.DATA_GROUPS if spec.fid in files}
        files[registry.SOD.fid] = build_sod(groups, pki.ds, pki.ds_key, NOW)  # type: ignore[arg-type]
    return replace(image, files=files)


@pytest.mark.parametrize("resign", [False, True])
def test_replaced_dg14_key_fails_chip_authentication(cccd: CardImage, pki: Pki, resign: bool) -> None:
    result = run(_with_dg14_key(cccd, pki, resign), pki, MRZ)
    assert not result.report.passed
    assert status(result, "chip_authentication") == ("failed", "ca_failed")
    assert status(result, "read_files") == ("passed", "ok")  # the chip was opened again for the rest
    hashes = ("passed", "ok") if resign else ("failed", "dg_hash_mismatch")
    assert status(result, "data_group_hashes") == hashes
