"""Issuance from an approved case: the chip a gate would read (PACE with the CAN, Passive Authentication
over DG1, DG2, DG3, DG4, DG13, DG14, DG15), the MRZ name transliterated, DG13 with its diacritics; and the
packet's content from the same case."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from enrollment.desk.case import ApplicationCase, CaseState
from enrollment.desk.case_packet import packet_contents
from enrollment.desk.errors import InvalidInput, WrongState
from enrollment.desk.face_capture import assess_face
from enrollment.desk.finger_capture import assess_finger
from enrollment.desk.iris_capture import assess_iris
from enrollment.desk.issuance import issue_card
from enrollment.desk.policy import CapturePolicy
from enrollment.desk.slots import CaptureVerdict, record_attempt
from enrollment.icao.card import VirtualCard
from enrollment.icao.inspection import CanKey, inspect_document, load_trust_store
from enrollment.icao.lds import registry
from enrollment.icao.pki.directory import PkiLayout, init_pki, load_issuer
from enrollment.icao.pki.keys import generate_key
from matcher.face.pipeline import FacePipeline
from matcher.finger import get_extractor
from tests.enrollment.desk.cases import CLERK, draft
from tests.enrollment.desk.conftest import eye

POLICY = CapturePolicy(fingers=(2, 7), eyes=("right", "left"))
NOW = datetime.now(UTC)


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> PkiLayout:
    return init_pki(tmp_path_factory.mktemp("pki") / "pki", "ecdsa-p256", "VNM", NOW - timedelta(days=1))


@pytest.fixture(scope="module")
def verdicts(desk_pipeline: FacePipeline, portrait: bytes, fvc: Path, casia: Path) -> dict[str, CaptureVerdict]:
    mindtct = get_extractor("mindtct")
    return {"face": assess_face(portrait, desk_pipeline)[0],
            "finger:2": assess_finger((fvc / "101_1.tif").read_bytes(), 2, mindtct),
            "finger:7": assess_finger((fvc / "102_1.tif").read_bytes(), 7, mindtct),
            "iris:right": assess_iris(eye(casia, "033_1_1"))[0], "iris:left": assess_iris(eye(casia, "069_1_3"))[0]}


@pytest.fixture
def approved(verdicts: dict[str, CaptureVerdict]) -> ApplicationCase:
    case = draft()
    for slot, verdict in verdicts.items():
        assert verdict.accepted, (slot, verdict.codes)
        case = record_attempt(case, slot, verdict, CLERK, POLICY)
    return replace(case, state=CaseState.APPROVED, dedup_done=True, supervisor="sup-hoa")


def test_the_card_reads_and_verifies_like_a_cccd(approved: ApplicationCase, pki: PkiLayout) -> None:
    card = issue_card(approved, load_issuer(pki.root), generate_key("ecdsa-p256"), NOW)
    assert card.profile == "cccd" and card.can is not None
    assert {registry.dg(n).fid for n in (1, 2, 3, 4, 13, 14, 15)} | {registry.SOD.fid} <= set(card.files)
    store = load_trust_store(pki.trust_store, pki.terminal_key)
    result = inspect_document(VirtualCard(card), CanKey(card.can), store, at=NOW, read_dg4=True)
    assert result.report.passed, [c for c in result.report.checks if c.status != "passed"]
    doc = result.document
    assert doc.mrz is not None
    assert (doc.mrz.surname, doc.mrz.given_names) == ("NGUYEN", "VAN AN")
    assert doc.mrz.document_number == "089012345" and doc.mrz.optional_data.startswith("001089012345")
    assert (doc.mrz.birth_date, doc.mrz.sex) == ("890804", "M")
    assert doc.dg13 is not None and doc.dg13.full_name == "Nguyễn Văn An" and doc.dg13.birth_date == "04/08/1989"
    assert doc.face_image == approved.samples["face"].template
    assert len(doc.finger_templates) == 2 and {i.eye for i in doc.iris_images} == {"right", "left"}


def test_only_an_approved_case_is_issued(approved: ApplicationCase, pki: PkiLayout) -> None:
    with pytest.raises(WrongState, match="STATE_NOT_ALLOWED"):
        issue_card(replace(approved, state=CaseState.DEDUP_PENDING), load_issuer(pki.root),
                   generate_key("ecdsa-p256"), NOW)


def test_an_expiry_passed_since_approval_is_refused(approved: ApplicationCase, pki: PkiLayout) -> None:
    later = NOW + timedelta(days=16 * 365)
    with pytest.raises(InvalidInput, match="EXPIRY_DATE_PAST"):
        issue_card(approved, load_issuer(pki.root), generate_key("ecdsa-p256"), later)


def test_a_purged_case_cannot_be_issued(approved: ApplicationCase, pki: PkiLayout) -> None:
    with pytest.raises(WrongState, match="BIOMETRICS_PURGED"):
        issue_card(replace(approved, samples={}), load_issuer(pki.root), generate_key("ecdsa-p256"), NOW)


def test_the_packet_holds_what_was_captured(approved: ApplicationCase) -> None:
    packet = packet_contents(approved)
    assert packet.application_id == approved.id and packet.desk_id == "desk-01"
    assert packet.demographics["full_name"] == "Nguyễn Văn An" and packet.demographics["birth_date"] == "1989-08-04"
    assert packet.face_jpeg == approved.samples["face"].template
    assert set(packet.finger_templates) == set(packet.finger_images) == {2, 7}
    assert set(packet.iris_templates) == {"right", "left"}
    assert packet.operator == "clerk-lan" and packet.supervisor == "sup-hoa" and packet.exceptions == {}
    with pytest.raises(WrongState, match="BIOMETRICS_PURGED"):
        packet_contents(replace(approved, samples={}))
