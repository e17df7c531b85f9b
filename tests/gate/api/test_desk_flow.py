"""The enrolment desk through its API: a citizen enrolled, approved and issued a card; a second application
of the same face under another name and number caught and rejected in adjudication; every step on the
desk's own signed chain, without a name or an ID number in it."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from enrollment.icao.card_file import loads
from gate.audit import verify_gate
from tests.conftest import require
from tests.gate.api.desk_fixtures import Desk, desk  # noqa: F401  (the fixture)
from tests.gate.audit.chain_helpers import stored_chain

FVC = "data/fingerprints/fvc2002/DB1_B"


def enrol(d: Desk, shared: Path, *, eye_distance: float = 130.0, **changes: str) -> str:
    casia = require(shared / "data" / "iris" / "casia-iris-v1")
    case_id = d.open(**changes)
    assert d.capture(case_id, "face", d.portrait(eye_distance)).json()["accepted"]
    finger = d.capture(case_id, "fingers/2", (shared / FVC / "101_1.tif").read_bytes()).json()
    assert finger["accepted"] and finger["score"] >= 30, finger
    iris = d.capture(case_id, "iris/right", (casia / "33" / "033_1_1.jpg").read_bytes()).json()
    assert iris["accepted"], iris
    assert d.post(f"/cases/{case_id}/complete").json()["state"] == "captured"
    return case_id


def chain(d: Desk) -> list[dict[str, Any]]:
    return stored_chain(d.client.app.state.services.fleet.db, "desk:desk-01")  # type: ignore[attr-defined]


def test_a_citizen_is_enrolled_approved_and_issued(desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    case_id = enrol(desk, shared_dir)
    case = desk.post(f"/cases/{case_id}/submit").json()
    assert (case["state"], case["dedup_done"], case["candidates"]) == ("dedup_pending", True, [])
    assert case["mrz_name"] == "NGUYEN<<VAN<AN" and case["demographics"]["full_name"] == "Nguyễn Văn An"
    refused = desk.post(f"/cases/{case_id}/approve", "clerk-minh")
    assert (refused.status_code, refused.json()["code"]) == (403, "ROLE_NOT_ALLOWED")
    assert desk.post(f"/cases/{case_id}/approve", "sup-hoa").json()["state"] == "approved"
    issued = desk.post(f"/cases/{case_id}/issue")
    assert issued.status_code == 200, issued.text
    body = issued.json()
    assert (body["case"]["state"], body["document_number"]) == ("issued", "089012345")
    card = loads(base64.b64decode(body["card"]))
    assert card.profile == "cccd" and card.can == body["can"]
    again = desk.post(f"/cases/{case_id}/issue")
    assert (again.status_code, again.json()["code"]) == (409, "STATE_NOT_ALLOWED")
    portrait = desk.client.get(f"/desk/cases/{case_id}/portrait", headers=desk.auth("sup-hoa"))
    assert portrait.status_code == 404  # the raw biometrics were purged at issuance
    records = chain(desk)
    steps = [r["reason_codes"][0] for r in records]
    assert steps[:3] == ["ACTION:open", "ACTION:demographics", "ACTION:capture"]
    assert steps[-5:] == ["ACTION:submit", "ACTION:packet_acknowledged", "ACTION:dedup_clear", "ACTION:approve",
                         "ACTION:issue"]
    issue = records[-1]
    codes = issue["reason_codes"]
    assert isinstance(codes, list) and {"FROM:approved", "TO:issued", "ROLE:clerk"} <= set(codes)
    assert issue["officer"]["officer_id"] == "clerk-lan"
    text = json.dumps(records, ensure_ascii=False)
    for secret in ("Nguyễn", "NGUYEN", "001089012345", "089012345", "1989"):
        assert secret not in text
    sessions = desk.client.app.state.services.fleet.db.sessions  # type: ignore[attr-defined]
    assert verify_gate(sessions, "desk:desk-01").ok


def test_the_same_face_under_another_name_is_caught_and_rejected(desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    first = enrol(desk, shared_dir)
    assert desk.post(f"/cases/{first}/submit").json()["state"] == "dedup_pending"
    second = enrol(desk, shared_dir, eye_distance=140.0, full_name="Trần Văn Bình",
                   id_number="079089123456")
    case = desk.post(f"/cases/{second}/submit").json()
    assert case["state"] == "adjudication"
    assert [c["application_id"] for c in case["candidates"]] == [first]
    view = desk.client.get(f"/desk/cases/{second}/adjudication", headers=desk.auth("sup-hoa")).json()
    (beside,) = view["candidates"]
    assert beside["record"]["demographics"]["full_name"] == "Nguyễn Văn An"
    assert view["case"]["demographics"]["full_name"] == "Trần Văn Bình"
    for case_id in (first, second):
        image = desk.client.get(f"/desk/cases/{case_id}/portrait", headers=desk.auth("sup-hoa"))
        assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert desk.post(f"/cases/{second}/approve", "sup-hoa").status_code == 409
    decided = desk.post(f"/cases/{second}/adjudication", "sup-hoa", json={"decision": "duplicate"}).json()
    assert (decided["state"], decided["outcome"]) == ("rejected", "DUPLICATE")
    assert desk.post(f"/cases/{second}/issue").status_code == 409  # nothing issued
    assert "ACTION:adjudicate_duplicate" in [r["reason_codes"][0] for r in chain(desk)]


def test_different_people_go_on_to_approval(desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    first = enrol(desk, shared_dir)
    desk.post(f"/cases/{first}/submit")
    second = enrol(desk, shared_dir, eye_distance=140.0, id_number="079089123456")
    assert desk.post(f"/cases/{second}/submit").json()["state"] == "adjudication"
    own = desk.post(f"/cases/{second}/adjudication", "clerk-lan", json={"decision": "different"})
    assert own.status_code == 403
    case = desk.post(f"/cases/{second}/adjudication", "sup-duc", json={"decision": "different"}).json()
    assert (case["state"], case["dedup_done"]) == ("dedup_pending", True)
    assert desk.post(f"/cases/{second}/approve", "sup-duc").json()["state"] == "approved"
