"""CSCA master lists: build, verify, import into a trust store, and every way one is refused."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives import serialization

from enrollment.icao.card import VirtualCard
from enrollment.icao.errors import MasterListError
from enrollment.icao.inspection import AccessKey, inspect_document, load_trust_store
from enrollment.icao.lds import tlv
from enrollment.icao.pki import issuance
from enrollment.icao.pki.keys import generate_key
from enrollment.icao.pki.master_list import build_master_list, verify_master_list
from enrollment.icao.pki.master_list_signer import issue_link_certificate, issue_master_list_signer
from enrollment.icao.pki.passive_auth import find_issuer
from enrollment.icao.pki.trust_import import import_master_list
from enrollment.icao.pki.trust_store import TrustStore
from tests.enrollment.chipkit import NOW, Pki, issue, later, make_pki


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


def signer_for(pki: Pki, days: int = 365):  # type: ignore[no-untyped-def]
    key = generate_key("ecdsa-p256")
    return issue_master_list_signer(pki.csca, pki.csca_key, key.public_key(), "VN", NOW, days), key


def other_country() -> Pki:
    return make_pki(country="FR")


def test_build_and_verify_lists_the_certificates(pki: Pki) -> None:
    signer, key = signer_for(pki)
    foreign = other_country()
    data = build_master_list([pki.csca, foreign.csca], signer, key, NOW)
    listed = verify_master_list(data, [pki.csca], NOW)
    assert {c.subject for c in listed.certificates} == {pki.csca.subject, foreign.csca.subject}
    assert listed.signer == signer


def test_import_makes_a_foreign_csca_trusted_for_passive_authentication(pki: Pki, tmp_path: Path) -> None:
    (tmp_path / "csca.pem").write_bytes(pki.csca.public_bytes(serialization.Encoding.PEM))
    foreign = other_country()
    signer, key = signer_for(pki)
    data = build_master_list([pki.csca, foreign.csca], signer, key, NOW)
    result = import_master_list(data, tmp_path, NOW)
    assert len(result.written) == 1 and result.already_present == 1
    assert import_master_list(data, tmp_path, NOW).written == ()  # idempotent
    store = load_trust_store(tmp_path)
    card = issue(foreign)
    store = replace(store, crls=(foreign.crl,))
    report = inspect_document(VirtualCard(card), AccessKey("001099012345", "990101", "390101"), store, at=NOW).report
    assert report.get("ds_certificate_trust").status == "passed"  # type: ignore[union-attr]


def test_link_certificate_carries_trust_to_the_new_csca_key(pki: Pki) -> None:
    new_key = generate_key("ecdsa-p256")
    new_csca = issuance.issue_csca(new_key, "VN", later(400))
    link = issue_link_certificate(pki.csca, pki.csca_key, new_csca, later(400))
    link.verify_directly_issued_by(pki.csca)
    signer, key = signer_for(pki, days=800)
    data = build_master_list([pki.csca, link, new_csca], signer, key, later(400))
    listed = verify_master_list(data, [pki.csca], later(400))
    assert link in listed.certificates
    # a Document Signer of the new key is trusted through the link certificate alone
    ds_key = generate_key("ecdsa-p256")
    ds = issuance.issue_document_signer(new_csca, new_key, ds_key.public_key(), "VN", later(400))
    assert find_issuer(ds, TrustStore((pki.csca, link))) == link
    assert find_issuer(ds, TrustStore((pki.csca,))) is None


def test_bad_signature_is_refused(pki: Pki) -> None:
    signer, key = signer_for(pki)
    data = bytearray(build_master_list([pki.csca], signer, key, NOW))
    info = cms.ContentInfo.load(bytes(data))
    signature = info["content"]["signer_infos"][0]["signature"].native
    at = bytes(data).index(signature)
    data[at + len(signature) // 2] ^= 0x01
    with pytest.raises(MasterListError) as caught:
        verify_master_list(bytes(data), [pki.csca], NOW)
    assert caught.value.reason in {"signature_invalid", "malformed"}


def test_content_swapped_after_signing_is_refused(pki: Pki) -> None:
    signer, key = signer_for(pki)
    genuine = build_master_list([pki.csca], signer, key, NOW)
    forged_content = build_master_list([other_country().csca], signer, key, NOW)
    info, forged = cms.ContentInfo.load(genuine), cms.ContentInfo.load(forged_content)
    info["content"]["encap_content_info"] = forged["content"]["encap_content_info"]
    with pytest.raises(MasterListError) as caught:
        verify_master_list(info.dump(force=True), [pki.csca], NOW)
    assert caught.value.reason == "signature_invalid"


def test_expired_signer_is_refused(pki: Pki) -> None:
    signer, key = signer_for(pki, days=30)
    data = build_master_list([pki.csca], signer, key, NOW)
    with pytest.raises(MasterListError) as caught:
        verify_master_list(data, [pki.csca], NOW + timedelta(days=31))
    assert caught.value.reason == "signer_expired" and "expired" in str(caught.value)


def test_signer_from_an_untrusted_csca_or_without_the_usage_is_refused(pki: Pki) -> None:
    stranger = other_country()
    signer, key = signer_for(stranger)
    with pytest.raises(MasterListError) as caught:
        verify_master_list(build_master_list([stranger.csca], signer, key, NOW), [pki.csca], NOW)
    assert caught.value.reason == "signer_untrusted"
    # the Document Signer is issued by the trusted CSCA but is no master-list signer
    with pytest.raises(MasterListError) as caught:
        verify_master_list(build_master_list([pki.csca], pki.ds, pki.ds_key, NOW), [pki.csca], NOW)
    assert caught.value.reason == "signer_not_authorised"


def test_a_listed_end_entity_certificate_is_refused(pki: Pki) -> None:
    signer, key = signer_for(pki)
    with pytest.raises(MasterListError) as caught:
        verify_master_list(build_master_list([pki.csca, pki.ds], signer, key, NOW), [pki.csca], NOW)
    assert caught.value.reason == "certificate_invalid"


def test_other_signed_data_is_not_a_master_list(pki: Pki) -> None:
    sod_like = tlv.decode_single(issue(pki).files[0x011D], 0x77).value  # EF.SOD's ContentInfo
    with pytest.raises(MasterListError) as caught:
        verify_master_list(sod_like, [pki.csca], NOW)
    assert caught.value.reason in {"content_type", "malformed"}
    with pytest.raises(MasterListError):
        verify_master_list(b"\x30\x03\x02\x01\x00", [pki.csca], NOW)


@pytest.mark.parametrize("occurrence", [0, 1])  # the listed CSCA, the signer
def test_an_unknown_key_algorithm_is_a_typed_refusal(pki: Pki, occurrence: int) -> None:
    """Found by the fuzz: a key algorithm OID cryptography does not know (id-ecPublicKey 1.2.840.10045.2.1
    turned into 1.2.0.72.10045.2.1) in any certificate of the list must not escape as UnsupportedAlgorithm."""
    signer, key = signer_for(pki)
    data = build_master_list([pki.csca], signer, key, NOW)
    oid = bytes.fromhex("2a8648ce3d0201")
    at = -1
    for _ in range(occurrence + 1):
        at = data.index(oid, at + 1)
    mutated = data[:at] + bytes.fromhex("2a0048ce3d0201") + data[at + len(oid):]
    with pytest.raises(MasterListError):
        verify_master_list(mutated, [pki.csca], NOW)
