"""Issuance: the approved case personalised into a CCCD chip through the Document Signer.

The MRZ follows the CCCD: document number = the last nine digits of the 12-digit ID number, the full
number in the optional data; the name per ICAO 9303 Part 3 (:mod:`enrollment.desk.mrz_name`). The chip
(profile ``cccd``: PACE with a drawn CAN, Chip and Active Authentication) carries DG1, DG2 (the token
portrait), DG3 (one ISO/IEC 19794-2 record per captured finger), DG4 (one ISO/IEC 19794-6 record per
captured eye), DG13, DG14, DG15 and EF.SOD signed by the Document Signer.
"""

from __future__ import annotations

from datetime import datetime

from enrollment.desk.case import EYES, FACE, FINGER_POSITIONS, ApplicationCase, CaseState
from enrollment.desk.errors import InvalidInput, WrongState
from enrollment.desk.mrz_name import mrz_name
from enrollment.icao.biometric.iso19794_5 import FaceRecord
from enrollment.icao.biometric.iso19794_6 import Eye
from enrollment.icao.card_file import CardImage
from enrollment.icao.pki.directory import Issuer
from enrollment.icao.pki.keys import PrivateKey
from enrollment.iris import iris_records
from enrollment.personalise import Applicant, personalise
from enrollment.photo import open_image


def document_number(id_number: str) -> str:
    return id_number[-9:]


def applicant(case: ApplicationCase) -> Applicant:
    """The chip's content from the case's demographics and accepted captures."""
    person = case.demographics
    if person is None or FACE not in case.samples:
        raise WrongState.of("BIOMETRICS_PURGED" if person else "DEMOGRAPHICS_MISSING")
    portrait = case.samples[FACE].template
    image = open_image(portrait, "portrait")
    face = FaceRecord(portrait, "jpeg", image.width, image.height, person.sex)
    fingers = tuple(case.samples[f"finger:{p}"].template for p in FINGER_POSITIONS
                    if f"finger:{p}" in case.samples)
    eyes: dict[Eye, bytes] = {e: case.samples[f"iris:{e}"].image for e in EYES  # type: ignore[misc]
                              if f"iris:{e}" in case.samples}
    name = mrz_name(person.full_name)
    return Applicant("TD1", document_number(person.id_number), name.surname, name.given_names,
                     person.birth_date.strftime("%y%m%d"), person.expiry_date.strftime("%y%m%d"), face,
                     person.sex, person.nationality, "VNM", optional_data=person.id_number,
                     finger_templates=fingers, iris_records=iris_records(eyes), dg13=person.dg13())


def issue_card(case: ApplicationCase, issuer: Issuer, aa_key: PrivateKey, now: datetime, *,
               can: str | None = None) -> CardImage:
    """The personalised chip of an approved case; an expiry date passed since approval is refused."""
    if case.state is not CaseState.APPROVED:
        raise WrongState.of("STATE_NOT_ALLOWED")
    person = case.demographics
    if person is not None and person.expiry_date <= now.date():
        raise InvalidInput.of("EXPIRY_DATE_PAST", "expiry_date")
    return personalise(applicant(case), issuer, aa_key, now, profile="cccd", can=can)
