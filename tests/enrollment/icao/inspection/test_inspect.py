"""End-to-end inspection of virtual cards, including every bad input the issue lists."""

from __future__ import annotations

from dataclasses import replace

import pytest

from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage
from enrollment.icao.inspection import AccessKey, InspectionResult, inspect_document
from enrollment.icao.lds import registry, tlv
from enrollment.icao.lds.dg1 import encode_dg1
from enrollment.icao.pki.keys import generate_key
from enrollment.icao.pki.sod_signer import build_sod
from tests.enrollment.chipkit import NOW, Pki, applicant, issue, later, make_pki

KEY = AccessKey("001099012345", "990101", "390101")
SOD, DG1, DG2, COM = registry.SOD.fid, registry.dg(1).fid, registry.dg(2).fid, registry.COM.fid


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture(scope="module")
def card(pki: Pki) -> CardImage:
    return issue(pki)


def run(image: CardImage, pki: Pki, key: AccessKey = KEY, **kwargs: object) -> InspectionResult:
    store = kwargs.pop("store", None) or pki.trust_store()
    return inspect_document(VirtualCard(image), key, store, at=kwargs.pop("at", NOW), **kwargs)  # type: ignore[arg-type]


def status(result: InspectionResult, name: str) -> tuple[str, str]:
    check = result.report.get(name)
    assert check is not None, name
    return check.status, check.reason_code


def with_files(image: CardImage, **files: bytes) -> CardImage:
    names = {"sod": SOD, "dg1": DG1, "dg2": DG2, "com": COM}
    return replace(image, files={**image.files, **{names[k]: v for k, v in files.items()}})


def test_genuine_card_passes_every_check(card: CardImage, pki: Pki) -> None:
    result = run(card, pki)
    assert result.report.passed, result.report.failures
    assert result.report.access_protocol == "PACE" and status(result, "bac") == ("not_performed", "pace_used")
    assert all(c.status == "passed" for c in result.report.checks if c.name != "bac")
    doc = result.document
    assert doc.mrz is not None and doc.mrz.document_number == "001099012345"
    assert doc.face_image is not None and doc.face_image.startswith(b"\xff\xd8") and doc.face_image_format == "jpeg"
    assert len(doc.finger_templates) == 2 and doc.finger_templates[0].startswith(b"FMR\x00")
    assert doc.dg13 is not None and doc.dg13.full_name == "Nguyễn Văn Đức"
    assert doc.issuing_state == "VNM" and doc.data_groups_read == (1, 2, 3, 13, 14, 15)


def test_rsa_pki_and_rsa_active_authentication() -> None:
    pki = make_pki("rsa-2048")
    result = run(issue(pki, aa_key=generate_key("rsa-2048")), pki)
    assert result.report.passed, result.report.failures
    assert status(result, "active_authentication") == ("passed", "ok")


def test_td3_passport_passes() -> None:
    pki = make_pki()
    passport = applicant(layout="TD3", document_number="C01X00T47", dg13=None, finger_templates=())
    result = run(issue(pki, passport), pki, AccessKey("C01X00T47", "990101", "390101"))
    assert result.report.passed, result.report.failures
    assert status(result, "dg3_access") == ("not_performed", "dg3_absent")


@pytest.mark.parametrize("key", [AccessKey("001099012346", "990101", "390101"),
                                 AccessKey("001099012345", "990102", "390101"),
                                 AccessKey("001099012345", "990101", "xx0101"),
                                 AccessKey("0010-99012", "990101", "390101")])
def test_wrong_mrz_data_fails_bac_and_reads_nothing(card: CardImage, pki: Pki, key: AccessKey) -> None:
    result = run(card, pki, key)
    assert not result.report.passed
    assert result.report.checks[0].name == "pace" and result.report.checks[0].status == "failed"
    assert all(c.status == "not_performed" for c in result.report.checks[1:])
    assert result.document.mrz is None and result.document.face_image is None


def test_one_flipped_byte_in_dg2_is_a_hash_mismatch(card: CardImage, pki: Pki) -> None:
    dg2 = bytearray(card.files[DG2])
    dg2[-100] ^= 0x01
    result = run(with_files(card, dg2=bytes(dg2)), pki)
    assert status(result, "data_group_hashes") == ("failed", "dg_hash_mismatch")
    assert not result.report.passed


def test_sod_signed_by_a_ds_of_another_csca(card: CardImage, pki: Pki) -> None:
    rogue = make_pki()
    forged = issue(rogue)  # same applicant, issued under a CSCA the gate does not trust
    result = run(forged, pki)
    assert status(result, "ds_certificate_trust") == ("failed", "ds_untrusted_issuer")
    assert not result.report.passed


def test_expired_ds_certificate(pki: Pki) -> None:
    short = make_pki(ds_days=30)
    result = run(issue(short), short, at=later(60), store=replace(short.trust_store(), crls=()))
    assert status(result, "certificate_validity") == ("failed", "ds_expired")


def test_revoked_ds_certificate() -> None:
    revoked = make_pki(revoke_ds=True)
    result = run(issue(revoked), revoked)
    assert status(result, "ds_revocation") == ("failed", "ds_revoked")
    assert not result.report.passed


def test_missing_crl_is_a_failure_not_a_pass(card: CardImage, pki: Pki) -> None:
    result = run(card, pki, store=pki.trust_store(with_crl=False))
    assert status(result, "ds_revocation") == ("failed", "crl_unavailable")


def test_expired_document(pki: Pki) -> None:
    old = issue(pki, applicant(expiry_date="260101"))
    result = run(old, pki, AccessKey("001099012345", "990101", "260101"))
    assert status(result, "document_validity") == ("failed", "document_expired")
    assert not result.report.passed


def test_dg1_not_matching_the_mrz_given(card: CardImage, pki: Pki) -> None:
    # an insider re-signs a DG1 for someone else; the chip's BAC key still opens with the printed MRZ
    other = encode_dg1(applicant(document_number="079201000001", surname="Trần").mrz())
    groups = {registry.by_fid(fid).dg: data for fid, data in card.files.items()  # type: ignore[union-attr]
              if fid not in (COM, SOD, registry.CARD_ACCESS.fid)}
    groups[1] = other
    sod = build_sod(groups, pki.ds, pki.ds_key, NOW)  # type: ignore[arg-type]
    result = run(with_files(card, dg1=other, sod=sod), pki)
    assert status(result, "data_group_hashes") == ("passed", "ok")
    assert status(result, "dg1_mrz_match") == ("failed", "dg1_mismatch")
    assert not result.report.passed


def test_cloned_chip_fails_active_authentication(card: CardImage, pki: Pki) -> None:
    clone = replace(card, aa_private_key_pem=issue(pki).aa_private_key_pem)  # same files, another AA key
    result = run(clone, pki)
    assert status(result, "data_group_hashes") == ("passed", "ok")
    assert status(result, "active_authentication") == ("failed", "aa_failed")
    assert not result.report.passed


def test_issuing_state_must_match_the_ds_country() -> None:
    french = make_pki(country="FR")
    result = run(issue(french), french)
    assert status(result, "issuing_state_match") == ("failed", "issuing_state_mismatch")


def test_truncated_data_group(card: CardImage, pki: Pki) -> None:
    dg2 = card.files[DG2]
    truncated = dg2[:200]  # the header still claims the full length
    result = run(with_files(card, dg2=truncated), pki)
    assert status(result, "read_files") == ("failed", "read_error")
    assert not result.report.passed


def test_malformed_tlv_inside_a_data_group(card: CardImage, pki: Pki) -> None:
    broken = tlv.encode(0x75, bytes.fromhex("7F6105020101FFFF"))
    result = run(with_files(card, dg2=broken), pki)
    assert status(result, "biometric_decode") == ("failed", "data_group_malformed")
    assert status(result, "data_group_hashes")[0] == "failed"


def test_length_claiming_gigabytes_is_refused(card: CardImage, pki: Pki) -> None:
    huge = bytes.fromhex("7584FFFFFFF0") + card.files[DG2][:64]
    result = run(with_files(card, dg2=huge), pki)
    check = result.report.get("read_files")
    assert check is not None and check.status == "failed" and "claims" in check.detail


def test_unknown_tag_in_ef_com(card: CardImage, pki: Pki) -> None:
    body = tlv.encode_many([(0x5F01, b"0107"), (0x5F36, b"040000"), (0x5C, bytes([0x61, 0x75, 0xFE]))])
    result = run(with_files(card, com=tlv.encode(0x60, body)), pki)
    assert status(result, "read_files") == ("failed", "read_error")


def test_garbage_sod(card: CardImage, pki: Pki) -> None:
    result = run(with_files(card, sod=tlv.encode(0x77, b"\x30\x03\x02\x01\x00")), pki)
    assert status(result, "sod_decode") == ("failed", "sod_malformed")


def test_dg3_needs_the_terminal_key(card: CardImage, pki: Pki) -> None:
    result = run(card, pki, store=pki.trust_store(with_terminal=False))
    assert status(result, "dg3_access") == ("not_performed", "eac_no_terminal_key")
    assert result.document.finger_templates == [] and result.report.passed
    impostor = replace(pki.trust_store(), terminal_key=make_pki().terminal_key)
    result = run(card, pki, store=impostor)
    assert status(result, "dg3_access") == ("failed", "eac_terminal_authentication_failed")
    assert status(run(card, pki, read_dg3=False), "dg3_access") == ("not_performed", "dg3_not_requested")


def test_dg2_is_mandatory(card: CardImage, pki: Pki) -> None:
    body = tlv.encode_many([(0x5F01, b"0107"), (0x5F36, b"040000"), (0x5C, bytes([0x61, 0x6D, 0x6E, 0x6F]))])
    result = run(with_files(card, com=tlv.encode(0x60, body)), pki)
    assert status(result, "read_files") == ("failed", "dg2_absent")
    assert not result.report.passed


def _groups(card: CardImage) -> dict[int, bytes]:
    return {spec.dg: card.files[spec.fid] for spec in registry.ALL_FILES
            if spec.dg is not None and spec.fid in card.files}


def test_sod_with_the_trusted_ds_certificate_but_another_key(card: CardImage, pki: Pki) -> None:
    forged = build_sod(_groups(card), pki.ds, generate_key("ecdsa-p256"), NOW)  # a valid chain, a wrong signer
    result = run(with_files(card, sod=forged), pki)
    assert status(result, "ds_certificate_trust")[0] == "passed"
    assert status(result, "sod_signature") == ("failed", "sod_signature_invalid")
    assert not result.report.passed


def test_rehashed_security_object_breaks_the_message_digest(card: CardImage, pki: Pki) -> None:
    """An attacker swaps DG2 and rewrites the hash inside the SOD; the signed messageDigest still holds the
    old content's digest."""
    from asn1crypto import cms, core

    from enrollment.icao.lds.sod import encode_sod
    from enrollment.icao.pki.sod_signer import security_object

    dg2 = bytearray(card.files[DG2])
    dg2[-100] ^= 0x01
    groups = {**_groups(card), 2: bytes(dg2)}
    info = cms.ContentInfo.load(tlv.decode_single(card.files[SOD], registry.SOD.tag).value)
    signed = info["content"]
    signed["encap_content_info"]["content"] = core.ParsableOctetString(security_object(groups))
    result = run(with_files(card, dg2=bytes(dg2), sod=encode_sod(info.dump(force=True))), pki)
    assert status(result, "data_group_hashes")[0] == "passed"  # the rewritten hashes fit the new DG2
    assert status(result, "sod_signature") == ("failed", "sod_message_digest")
    assert not result.report.passed


def test_com_listing_a_data_group_the_sod_does_not_cover(card: CardImage, pki: Pki) -> None:
    from enrollment.icao.lds.com import encode_com

    com = encode_com((1, 2, 4, 13, 14, 15))  # DG4 (iris) claimed, not signed
    result = run(with_files(card, com=com), pki)
    assert status(result, "com_sod_consistency")[0] == "failed"
    assert not result.report.passed
