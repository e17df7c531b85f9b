"""The holder's data and quality measurements as the vault keeps them, read back for the officer."""

from __future__ import annotations

from datetime import date

from enrollment.icao.inspection import DecodedDocument
from enrollment.icao.lds.dg13 import Dg13Fields
from enrollment.icao.lds.mrz import Mrz
from gate.service.referral_extras import mrz_date, parse_biographic, parse_quality
from gate.steps.referral_evidence import BIOGRAPHIC, QUALITY, biographic_json, quality_json, referral_evidence
from matcher.criteria import Assessment, at_least, within

TODAY = date(2026, 12, 1)


def test_mrz_dates_get_their_century() -> None:
    assert mrz_date("890804", birth=True, today=TODAY) == "1989-08-04"
    assert mrz_date("150101", birth=True, today=TODAY) == "2015-01-01"
    assert mrz_date("300101", birth=True, today=TODAY) == "1930-01-01"  # not born in the future
    assert mrz_date("310101", birth=False, today=TODAY) == "2031-01-01"
    assert mrz_date("991231", birth=False, today=TODAY) == "1999-12-31"  # as the validity check reads it: expired
    assert mrz_date("891304", birth=True, today=TODAY) == "891304"  # no 13th month: shown as read
    assert mrz_date("<<<<<<", birth=False, today=TODAY) == "<<<<<<"


def test_a_passport_and_a_cccd_round_trip() -> None:
    mrz = Mrz("TD3", "P", "VNM", "C1234567", "890804", "F", "310101", "VNM", "TRAN", "THI BINH")
    passport = parse_biographic(biographic_json(DecodedDocument(mrz=mrz)) or b"", TODAY)
    assert (passport.surname, passport.given_names, passport.birth_date, passport.sex) == (
        "TRAN", "THI BINH", "1989-08-04", "F")
    assert passport.expiry_date == "2031-01-01" and passport.dg13 == {} and passport.full_name is None
    dg13 = Dg13Fields(id_number="079189000001", full_name="Trần Thị Bình", birth_date="04/08/1989",
                      expiry_date="04/08/2039", place_of_origin="Huế")
    cccd = parse_biographic(biographic_json(DecodedDocument(dg13=dg13)) or b"", TODAY)
    assert (cccd.full_name, cccd.document_number, cccd.birth_date, cccd.expiry_date) == (
        "Trần Thị Bình", "079189000001", "1989-08-04", "2039-08-04")
    assert cccd.dg13["place_of_origin"] == "Huế" and "religion" not in cccd.dg13
    assert biographic_json(DecodedDocument()) is None


def test_quality_keeps_each_value_and_limit() -> None:
    assessment = Assessment("border-capture", (
        at_least("sharpness", 12.5, 80, "BLUR", "Hold still."),
        within("yaw", float("nan"), -5, 5, "YAW", "", "YAW", "")))
    quality = parse_quality(quality_json(assessment))
    sharp, yaw = quality.criteria
    assert (sharp.value, sharp.limit, sharp.passed, sharp.code) == (12.5, ">= 80", False, "BLUR")
    assert yaw.value is None and not yaw.passed and yaw.limit == "[-5, 5]"
    assert set(referral_evidence(None, assessment)) == {QUALITY}
    assert referral_evidence(None, None) == {} and BIOGRAPHIC != QUALITY
