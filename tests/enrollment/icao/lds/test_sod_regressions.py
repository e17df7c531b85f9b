"""EF.SOD decoder regressions: inputs that once escaped as other exceptions than the project's."""

from __future__ import annotations

import pytest
from asn1crypto import cms

from enrollment.icao.errors import CertificateEncodingError, EncodingError
from enrollment.icao.lds import tlv
from enrollment.icao.lds.sod import decode_sod
from tests.enrollment.icao.fuzzkit import Node, encode_tree, parse_tree
from tests.fixtures.icao.make_fixtures import FIXTURES

SOD = (FIXTURES / "sod.bin").read_bytes()


def _children(node: Node) -> list[Node]:
    value = node[1]
    assert not isinstance(value, bytes)
    return value


def _certificate_of(tree: list[Node]) -> list[Node]:
    signed_data = _children(_children(_children(_children(tree[0])[0])[1])[0])
    return _children(next(n for n in signed_data if n[0] == 0xA0))  # [0] IMPLICIT certificates


def test_ds_certificate_whose_length_ends_in_0x80_with_an_empty_key() -> None:
    """asn1crypto takes a long-form length ending in octet 80 for an indefinite one and re-encodes the
    certificate on ``dump()``; an empty subjectPublicKey BIT STRING then raised IndexError (found by the fuzz)."""
    tree = parse_tree(SOD)
    assert tree is not None
    certificates = _certificate_of(tree)
    tbs, algorithm, signature = _children(certificates[0])
    spki = _children(_children(tbs)[6])
    spki[1] = (0x03, b"")  # the empty public key
    signature_bits = signature[1]
    assert isinstance(signature_bits, bytes)
    excess = len(encode_tree([tbs, algorithm, signature])) - 0x180
    assert 0 <= excess < len(signature_bits)  # the signature absorbs the difference: length 01 80
    certificates[0] = (0x30, [tbs, algorithm, (0x03, signature_bits[: len(signature_bits) - excess])])
    hostile = encode_tree(tree)
    assert b"\x30\x82\x01\x80" in hostile
    with pytest.raises(EncodingError):
        decode_sod(hostile)


def test_certificate_version_0a_is_a_certificate_encoding_error() -> None:
    at = SOD.index(b"\xa0\x03\x02\x01\x02") + 4
    with pytest.raises(CertificateEncodingError, match="not a valid X509 version"):
        decode_sod(SOD[:at] + b"\x0a" + SOD[at + 1 :])


def test_empty_message_digest_is_an_encoding_error() -> None:
    info = cms.ContentInfo.load(tlv.decode_single(SOD, 0x77).value)
    for attr in info["content"]["signer_infos"][0]["signed_attrs"]:
        if attr["type"].native == "message_digest":
            attr["values"] = []
    with pytest.raises(EncodingError, match="has 0 values"):
        decode_sod(tlv.encode(0x77, info.dump(force=True)))
