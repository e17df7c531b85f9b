"""Personalisation (enrollment/personalise.py): which files a chip gets and how they hang together."""

from __future__ import annotations

import pytest

from enrollment.icao.lds import registry
from enrollment.icao.lds.com import decode_com
from enrollment.icao.lds.dg14 import decode_dg14
from enrollment.icao.lds.sod import decode_sod
from enrollment.icao.pki.keys import Algorithm, generate_key
from enrollment.icao.pki.sod_signer import security_object
from tests.enrollment.chipkit import Pki, applicant, issue, make_pki


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.mark.parametrize(("algorithm", "aa_hash"), [
    ("ecdsa-p256", "sha256"),  # an ECDSA AA key needs DG14 to name its hash
    ("rsa-2048", None),
])
def test_files_com_and_sod_agree(pki: Pki, algorithm: Algorithm, aa_hash: str | None) -> None:
    groups = (1, 2, 3, 13, 14, 15)  # a TD1 card is a CCCD: DG14 always holds its Chip Authentication key
    image = issue(pki, aa_key=generate_key(algorithm))
    assert decode_com(image.files[registry.COM.fid]).data_groups == groups
    sod = decode_sod(image.files[registry.SOD.fid])
    by_number = {n: image.files[registry.dg(n).fid] for n in groups}
    assert sorted(sod.dg_hashes) == list(groups)
    assert sod.encapsulated_content == security_object(by_number)
    assert decode_dg14(image.files[registry.dg(14).fid]).aa_hash == aa_hash
    assert image.eac_protected == frozenset({registry.dg(3).fid, registry.dg(4).fid})  # DG4 when present
    assert image.access_key == "001099012345" "0" "990101" "8" "390101" "6"  # number, birth, expiry + digits


def test_a_passport_has_no_dg3_or_dg13_when_not_given(pki: Pki) -> None:
    who = applicant(layout="TD3", document_number="C1234567", finger_templates=(), dg13=None)
    image = issue(pki, who)
    assert decode_com(image.files[registry.COM.fid]).data_groups == (1, 2, 14, 15)
