from __future__ import annotations

import pytest

from enrollment.icao.biometric.iso19794_5 import FaceRecord
from enrollment.icao.errors import EncodingError
from enrollment.icao.lds import tlv
from enrollment.icao.lds.com import decode_com, encode_com
from enrollment.icao.lds.dg1 import decode_dg1, encode_dg1
from enrollment.icao.lds.dg2 import decode_dg2, encode_dg2
from enrollment.icao.lds.dg3 import decode_dg3, encode_dg3
from enrollment.icao.lds.dg13 import Dg13Fields, decode_dg13, encode_dg13
from enrollment.icao.lds.dg14 import Dg14File, decode_dg14, encode_dg14
from enrollment.icao.lds.dg15 import decode_dg15, encode_dg15
from enrollment.icao.lds.sod import decode_sod
from enrollment.icao.pki.keys import generate_key
from enrollment.icao.pki.sod_signer import build_sod
from tests.enrollment.chipkit import FMR, NOW, applicant, face_jpeg, make_pki

# EF.COM of the Appendix D example: LDS 1.6, Unicode 4.0.0, DG1 and DG2 (Appendix D.4 plaintext).
APPENDIX_D_COM = bytes.fromhex("60145F0104303130365F36063034303030305C026175")


def test_com_golden_bytes_round_trip() -> None:
    com = decode_com(APPENDIX_D_COM)
    assert (com.lds_version, com.unicode_version, com.data_groups) == ("0106", "040000", (1, 2))
    assert encode_com((1, 2), lds_version="0106") == APPENDIX_D_COM


def test_com_with_unknown_tag_is_rejected() -> None:
    body = tlv.encode_many([(0x5F01, b"0107"), (0x5F36, b"040000"), (0x5C, bytes([0x61, 0xFF]))])
    with pytest.raises(EncodingError, match="unknown LDS tag"):
        decode_com(tlv.encode(0x60, body))


def test_dg1_round_trip() -> None:
    mrz = applicant().mrz()
    assert decode_dg1(encode_dg1(mrz)).document_number == "001099012345"


def test_dg2_face_record_and_cbeff_nesting() -> None:
    jpeg = face_jpeg()
    dg2 = encode_dg2([FaceRecord(jpeg, "jpeg", 120, 160, "F")])
    assert dg2[0] == 0x75 and dg2.find(b"\x7f\x61") > 0 and dg2.find(b"\x5f\x2e") > 0
    face = decode_dg2(dg2)[0]
    assert (face.image, face.width, face.height, face.gender) == (jpeg, 120, 160, "F")


def test_dg3_wraps_minutiae_records_only() -> None:
    assert decode_dg3(encode_dg3([FMR, FMR])) == [FMR, FMR]
    with pytest.raises(EncodingError, match="19794-2"):
        encode_dg3([b"\xff\xd8 not a template" + bytes(30)])


def test_dg13_keeps_vietnamese_diacritics() -> None:
    fields = Dg13Fields(full_name="Nguyễn Thị Minh Khai", place_of_origin="Nghệ An", old_id_number="123456789")
    assert decode_dg13(encode_dg13(fields)) == fields


def test_dg15_round_trip_for_both_algorithms() -> None:
    for algorithm in ("ecdsa-p256", "rsa-2048"):
        key = generate_key(algorithm)
        assert decode_dg15(encode_dg15(key.public_key())).public_numbers() == key.public_key().public_numbers()
    with pytest.raises(EncodingError):
        decode_dg15(bytes.fromhex("6F03300100"))


def test_sod_exposes_hashes_and_certificate_without_judging() -> None:
    pki = make_pki()
    sod = decode_sod(build_sod({1: b"one", 2: b"two"}, pki.ds, pki.ds_key, NOW))
    assert sorted(sod.dg_hashes) == [1, 2] and sod.hash_algorithm == "sha256"
    assert sod.ds_certificate == pki.ds and sod.signature_algorithm == "sha256_ecdsa"


@pytest.mark.parametrize("raw", ["7700", "7703020100", "770430020500", "6003020100"])
def test_malformed_sod_is_an_encoding_error(raw: str) -> None:
    with pytest.raises(EncodingError):
        decode_sod(bytes.fromhex(raw))


def test_dg14_active_authentication_info() -> None:
    dg14 = encode_dg14("sha256")
    assert dg14.hex().endswith("060a04007f00070101040103")  # ecdsa-plain-SHA256
    assert decode_dg14(dg14) == Dg14File(("2.23.136.1.1.5",), "sha256")
    with pytest.raises(EncodingError):
        decode_dg14(tlv.encode(0x6E, b"\x31\x03\x30\x01\x00"))


def test_dg15_refuses_rsa_keys_that_would_stall_the_gate() -> None:
    from cryptography.hazmat.primitives.asymmetric import rsa

    from enrollment.icao.errors import EncodingError
    from enrollment.icao.lds.dg15 import decode_dg15, encode_dg15

    huge_modulus = rsa.RSAPublicNumbers(65537, (1 << 5000) + 1).public_key()
    huge_exponent = rsa.RSAPublicNumbers((1 << 1800) + 1, (1 << 2047) + 1).public_key()
    for hostile in (huge_modulus, huge_exponent):
        with pytest.raises(EncodingError, match="refused"):
            decode_dg15(encode_dg15(hostile))
    normal = rsa.generate_private_key(65537, 2048).public_key()
    assert decode_dg15(encode_dg15(normal)).public_numbers() == normal.public_numbers()
