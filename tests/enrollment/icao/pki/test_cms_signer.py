"""The one CMS SignedData signer behind EF.SOD, CSCA master lists and the desk's packets: for each content
type and key algorithm the structure is the same, the signed attributes name that content type and its
digest, and the signature over them verifies with the embedded certificate's key."""

from __future__ import annotations

import pytest
from asn1crypto import cms
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding

from enrollment.desk.packet_schema import PACKET_CONTENT_OID
from enrollment.icao.lds import tlv
from enrollment.icao.lds.security_object import LDS_SECURITY_OBJECT_OID
from enrollment.icao.pki import signatures
from enrollment.icao.pki.cms_signer import sign_content
from enrollment.icao.pki.keys import Algorithm
from enrollment.icao.pki.master_list import MASTER_LIST_OID
from enrollment.icao.signed_data import assemble_signed_data
from tests.enrollment.chipkit import NOW, make_pki


@pytest.mark.parametrize("algorithm", ["ecdsa-p256", "rsa-2048"])
@pytest.mark.parametrize("content_type", [LDS_SECURITY_OBJECT_OID, MASTER_LIST_OID, PACKET_CONTENT_OID])
def test_signed_data_of_every_kind_verifies(content_type: str, algorithm: Algorithm) -> None:
    pki = make_pki(algorithm)
    content = b"\x30\x03\x02\x01\x00" + content_type.encode()
    signed = cms.ContentInfo.load(sign_content(content, content_type, pki.ds, pki.ds_key, NOW))["content"]
    assert signed["version"].native == "v3"
    assert signed["encap_content_info"]["content_type"].dotted == content_type
    assert bytes(signed["encap_content_info"]["content"].contents) == content
    assert [c.chosen.dump() for c in signed["certificates"]] == [pki.ds.public_bytes(Encoding.DER)]
    (signer,) = signed["signer_infos"]
    sid = signer["sid"].chosen
    assert (sid["serial_number"].native, sid["issuer"].dump()) == (pki.ds.serial_number, pki.ds.issuer.public_bytes())
    attrs = {a["type"].native: a["values"][0] for a in signer["signed_attrs"]}
    assert attrs["content_type"].dotted == content_type
    assert attrs["message_digest"].native == signatures.digest("sha256", content)
    assert attrs["signing_time"].native == NOW
    signed_bytes = tlv.encode(0x31, signer["signed_attrs"].contents)
    algorithm_name = signer["signature_algorithm"]["algorithm"].native
    ds_public, csca_public = pki.ds.public_key(), pki.csca.public_key()
    assert isinstance(ds_public, ec.EllipticCurvePublicKey | rsa.RSAPublicKey)
    assert isinstance(csca_public, ec.EllipticCurvePublicKey | rsa.RSAPublicKey)
    assert signatures.verify(ds_public, signer["signature"].native, signed_bytes, "sha256", algorithm_name)
    assert not signatures.verify(csca_public, signer["signature"].native, signed_bytes, "sha256", algorithm_name)


def test_assembly_from_parts_writes_back_what_was_signed() -> None:
    """The EF.SOD writer re-assembles a decoded structure from its parts: the same bytes come out."""
    pki = make_pki("rsa-2048")  # PKCS#1 v1.5: one signature for the same input
    der = sign_content(b"\x04\x01\x00", PACKET_CONTENT_OID, pki.ds, pki.ds_key, NOW)
    signer = cms.ContentInfo.load(der)["content"]["signer_infos"][0]
    again = assemble_signed_data(b"\x04\x01\x00", PACKET_CONTENT_OID, pki.ds.public_bytes(Encoding.DER),
                                 tlv.encode(0x31, signer["signed_attrs"].contents), signer["signature"].native,
                                 "sha256", signer["signature_algorithm"]["algorithm"].native)
    assert again == der
