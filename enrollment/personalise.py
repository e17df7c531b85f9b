"""Personalisation: applicant data → the chip's LDS files, EF.SOD and Active Authentication key.

Bytes in, a :class:`CardImage` out; no files are read here (the CLI reads the photo, templates and
PKI). DG3 (fingerprints) and DG4 (iris images) are placed behind the simplified Extended Access Control (see
:mod:`enrollment.icao.protocol.terminal_auth`). The chip profile (:mod:`enrollment.chip_profile`) adds
PACE, the CAN and Chip Authentication for the Vietnamese CCCD (default for TD1).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.chip_profile import chip_profile
from enrollment.icao.biometric.iso19794_5 import FaceRecord
from enrollment.icao.biometric.iso19794_6 import IrisRecord
from enrollment.icao.card_file import CardImage
from enrollment.icao.lds import registry
from enrollment.icao.lds.com import encode_com
from enrollment.icao.lds.dg1 import encode_dg1
from enrollment.icao.lds.dg2 import encode_dg2
from enrollment.icao.lds.dg3 import encode_dg3
from enrollment.icao.lds.dg4 import encode_dg4
from enrollment.icao.lds.dg13 import Dg13Fields, encode_dg13
from enrollment.icao.lds.dg14 import SecurityInfo, encode_dg14
from enrollment.icao.lds.dg15 import encode_dg15
from enrollment.icao.lds.mrz import Layout, Mrz, mrz_information
from enrollment.icao.pki.directory import Issuer
from enrollment.icao.pki.keys import PrivateKey, private_pem, public_pem
from enrollment.icao.pki.sod_signer import build_sod
from enrollment.icao.protocol import active_auth

EAC_PROTECTED = frozenset({registry.dg(3).fid, registry.dg(4).fid})  # behind terminal authentication


@dataclass(frozen=True)
class Applicant:
    layout: Layout
    document_number: str
    surname: str
    given_names: str
    birth_date: str  # YYMMDD
    expiry_date: str  # YYMMDD
    face: FaceRecord
    sex: str = "<"
    nationality: str = "VNM"
    issuing_state: str = "VNM"
    optional_data: str = ""
    finger_templates: tuple[bytes, ...] = ()
    iris_records: tuple[IrisRecord, ...] = ()  # ISO/IEC 19794-6, one per eye (enrollment.iris.iris_records)
    dg13: Dg13Fields | None = None
    document_code: str = field(default="")

    def mrz(self) -> Mrz:
        code = self.document_code or ("ID" if self.layout == "TD1" else "P")
        return Mrz(self.layout, code, self.issuing_state, self.document_number.upper(), self.birth_date,
                   self.sex, self.expiry_date, self.nationality, self.surname, self.given_names,
                   self.optional_data)


def data_groups(applicant: Applicant, aa_key: PrivateKey,
                dg14_infos: Sequence[SecurityInfo] = ()) -> dict[int, bytes]:
    groups = {1: encode_dg1(applicant.mrz()), 2: encode_dg2([applicant.face])}
    if applicant.finger_templates:
        groups[3] = encode_dg3(list(applicant.finger_templates))
    if applicant.iris_records:
        groups[4] = encode_dg4(list(applicant.iris_records))
    if applicant.dg13 is not None:
        groups[13] = encode_dg13(applicant.dg13)
    aa_hash = active_auth.default_hash(aa_key.curve) if isinstance(aa_key, ec.EllipticCurvePrivateKey) else None
    if aa_hash or dg14_infos:
        groups[14] = encode_dg14(aa_hash, dg14_infos)
    groups[15] = encode_dg15(aa_key.public_key())
    return groups


def personalise(applicant: Applicant, issuer: Issuer, aa_key: PrivateKey, now: datetime, *,
                profile: str | None = None, can: str | None = None,
                ca_key: ec.EllipticCurvePrivateKey | None = None) -> CardImage:
    """Build every EF, sign EF.SOD with the Document Signer and return the card image."""
    chip = chip_profile(applicant.layout, profile, can=can, ca_key=ca_key)
    groups = data_groups(applicant, aa_key, chip.dg14_infos)
    files = {registry.dg(n).fid: data for n, data in groups.items()}
    if chip.card_access is not None:
        files[registry.CARD_ACCESS.fid] = chip.card_access
    files[registry.COM.fid] = encode_com(tuple(groups))
    files[registry.SOD.fid] = build_sod(groups, issuer.ds_certificate, issuer.ds_key, now)
    authority = public_pem(issuer.terminal_authority) if issuer.terminal_authority else None
    mrz = applicant.mrz()
    access = mrz_information(mrz.document_number, mrz.birth_date, mrz.expiry_date).decode("ascii")
    return CardImage(files, private_pem(aa_key), EAC_PROTECTED, authority, access, chip.can,
                     private_pem(chip.ca_key) if chip.ca_key else None, chip.name)
