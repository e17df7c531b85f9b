"""Golden byte-for-byte fixtures (tests/fixtures/icao): the encoders reproduce them and decode → encode
of every fixture gives the same bytes. Recreate them with ``python -m tests.fixtures.icao.make_fixtures``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography import x509

from enrollment.icao.lds.card_access import decode_card_access, encode_card_access
from enrollment.icao.lds.com import decode_com, encode_com
from enrollment.icao.lds.dg1 import decode_dg1, encode_dg1
from enrollment.icao.lds.dg2 import decode_dg2, encode_dg2
from enrollment.icao.lds.dg3 import decode_dg3, encode_dg3
from enrollment.icao.lds.dg13 import decode_dg13, encode_dg13
from enrollment.icao.lds.dg14 import decode_dg14, encode_dg14
from enrollment.icao.lds.dg15 import decode_dg15, encode_dg15
from enrollment.icao.lds.sod import decode_sod, encode_sod_file
from enrollment.icao.pki import passive_auth as pa
from enrollment.icao.pki.sod_signer import security_object
from enrollment.icao.pki.trust_store import TrustStore
from tests.fixtures.icao import make_fixtures as golden

FIXTURES = golden.FIXTURES
ALL = ("dg1_td1.bin", "dg1_td3.bin", "dg2.bin", "dg3.bin", "dg13.bin", "dg14.bin", "dg15_ec.bin",
       "dg15_rsa.bin", "com.bin", "card_access.bin", "sod.bin")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _com(data: bytes) -> bytes:
    com = decode_com(data)
    return encode_com(com.data_groups, com.lds_version, com.unicode_version)


ROUND_TRIPS: dict[str, Callable[[bytes], bytes]] = {
    "dg1_td1.bin": lambda d: encode_dg1(decode_dg1(d)),
    "dg1_td3.bin": lambda d: encode_dg1(decode_dg1(d)),
    "dg2.bin": lambda d: encode_dg2(decode_dg2(d)),
    "dg3.bin": lambda d: encode_dg3(decode_dg3(d)),
    "dg13.bin": lambda d: encode_dg13(decode_dg13(d)),
    "dg14.bin": lambda d: encode_dg14(decode_dg14(d).aa_hash or "none"),
    "dg15_ec.bin": lambda d: encode_dg15(decode_dg15(d)),
    "dg15_rsa.bin": lambda d: encode_dg15(decode_dg15(d)),
    "com.bin": _com,
    "card_access.bin": lambda d: encode_card_access(decode_card_access(d).pace),
    "sod.bin": lambda d: encode_sod_file(decode_sod(d)),
}


def test_every_fixture_is_small() -> None:
    for name in (*ALL, "face.jpg", "aa_ec_spki.der", "aa_rsa_spki.der", "csca.der", "master_list.bin"):
        assert 0 < len(fixture(name)) < 50_000, name


@pytest.mark.parametrize("name", sorted(set(ALL) - {"sod.bin"}))
def test_encoding_the_inputs_reproduces_the_fixture(name: str) -> None:
    files = golden.deterministic_files(golden.inputs(), fixture("aa_ec_spki.der"), fixture("aa_rsa_spki.der"))
    assert files[name] == fixture(name)


@pytest.mark.parametrize("name", ALL)
def test_decode_then_encode_gives_the_same_bytes(name: str) -> None:
    data = fixture(name)
    assert ROUND_TRIPS[name](data) == data


def test_decoded_fixtures_hold_the_inputs() -> None:
    given = golden.inputs()
    assert decode_dg1(fixture("dg1_td3.bin")).optional_data == "ZE184226B"
    assert decode_dg1(fixture("dg1_td1.bin")).document_number == given.td1.document_number
    face = decode_dg2(fixture("dg2.bin"))[0]
    assert (face.image, face.width, face.height, face.gender) == (fixture("face.jpg"), 24, 32, "M")
    assert face.image.startswith(b"\xff\xd8\xff")
    assert decode_dg13(fixture("dg13.bin")) == given.dg13
    assert decode_com(fixture("com.bin")).data_groups == golden.SOD_GROUPS


def test_sod_fixture_signs_the_data_group_fixtures() -> None:
    """The signature cannot be reproduced, but everything it covers can, and it verifies."""
    sod = decode_sod(fixture("sod.bin"))
    groups = golden.sod_groups({name: fixture(name) for name in ALL})
    assert sod.encapsulated_content == security_object(groups)
    assert pa.check_hashes(sod, groups).status == "passed"
    csca = x509.load_der_x509_certificate(fixture("csca.der"))
    assert sod.ds_certificate is not None
    chain, issuer = pa.check_chain(sod.ds_certificate, TrustStore((csca,)))
    assert chain.status == "passed" and issuer == csca
    assert pa.check_signature(sod, sod.ds_certificate).status == "passed"



def test_the_generator_recreates_a_consistent_set(tmp_path: Path) -> None:
    """Regenerating (new keys, new signature) gives files that pass the same golden checks."""
    written = golden.generate(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(written)
    files = golden.deterministic_files(golden.inputs(written["face.jpg"]), written["aa_ec_spki.der"],
                                       written["aa_rsa_spki.der"])
    assert all(written[name] == data for name, data in files.items())
    assert encode_sod_file(decode_sod(written["sod.bin"])) == written["sod.bin"]
    assert not [p for p in tmp_path.iterdir() if b"PRIVATE KEY" in p.read_bytes()]


def test_the_card_access_fixture_offers_pace_as_a_cccd_does() -> None:
    access = decode_card_access(fixture("card_access.bin"))
    assert set(access.pace) == set(golden.CARD_ACCESS)  # a DER SET OF: encoded in sorted order
    assert access.preferred() is not None and all(info.supported for info in access.pace)


def test_the_master_list_fixture_verifies_and_a_flipped_byte_does_not() -> None:
    from datetime import timedelta

    from enrollment.icao.errors import MasterListError
    from enrollment.icao.pki.master_list import verify_master_list

    csca = x509.load_der_x509_certificate(fixture("csca.der"))
    data = fixture("master_list.bin")
    listed = verify_master_list(data, [csca], golden.SIGNING_TIME + timedelta(days=1))
    assert [c.subject for c in listed.certificates] == [csca.subject]
    tampered = data[:-20] + bytes([data[-20] ^ 0x01]) + data[-19:]  # inside the signature
    with pytest.raises(MasterListError):
        verify_master_list(tampered, [csca], golden.SIGNING_TIME + timedelta(days=1))
