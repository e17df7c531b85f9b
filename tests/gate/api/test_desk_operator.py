"""The applicant is not the operator: a clerk's own reference portrait, enrolled once; an applicant with the
clerk's face goes to adjudication (OPERATOR_MATCH) before any packet leaves the desk; "same person" rejects
it (the registry never hears of it), "different people" sends the packet and the registry decides."""

from __future__ import annotations

import json
from pathlib import Path

from tests.gate.api.desk_fixtures import Desk, desk  # noqa: F401  (the fixture)
from tests.gate.api.test_desk_flow import chain, enrol


def registry_count(d: Desk) -> int:
    link = d.client.app.state.services.desk.sync.link  # type: ignore[attr-defined]
    return int(link.client.access.registry.count()) if link.opened else 0


def test_an_applicant_with_the_operators_face_is_adjudicated_first(desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    files = {"image": ("me.jpg", desk.portrait(150.0))}
    enrolled = desk.client.put("/desk/operator-face", headers=desk.auth("clerk-lan"), files=files)
    assert enrolled.status_code == 204, enrolled.text
    case_id = enrol(desk, shared_dir)
    case = desk.post(f"/cases/{case_id}/submit").json()
    assert case["state"] == "adjudication"
    assert [c["application_id"] for c in case["candidates"]] == ["operator:clerk-lan"]
    assert registry_count(desk) == 0  # nothing left the desk
    view = desk.client.get(f"/desk/cases/{case_id}/adjudication", headers=desk.auth("sup-hoa")).json()
    assert view["candidates"][0]["record"] is None
    shown = desk.client.get(f"/desk/cases/{case_id}/operator-portrait", headers=desk.auth("sup-hoa"))
    assert shown.status_code == 200 and shown.content[:2] == b"\xff\xd8"  # the clerk's reference, beside
    clerk = desk.client.get(f"/desk/cases/{case_id}/operator-portrait", headers=desk.auth("clerk-lan"))
    assert clerk.status_code == 404  # for the adjudicating supervisor only
    submit = [r for r in chain(desk) if "ACTION:submit" in r["reason_codes"]]
    assert "OPERATOR_MATCH" in json.dumps(submit)
    decided = desk.post(f"/cases/{case_id}/adjudication", "sup-hoa", json={"decision": "duplicate"}).json()
    assert (decided["state"], decided["outcome"]) == ("rejected", "DUPLICATE") and registry_count(desk) == 0


def test_different_people_send_the_packet_to_the_registry(desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    desk.client.put("/desk/operator-face", headers=desk.auth("clerk-lan"),
                    files={"image": ("me.jpg", desk.portrait(150.0))})
    case_id = enrol(desk, shared_dir)
    assert desk.post(f"/cases/{case_id}/submit").json()["state"] == "adjudication"
    case = desk.post(f"/cases/{case_id}/adjudication", "sup-hoa", json={"decision": "different"}).json()
    assert (case["state"], case["dedup_done"], case["candidates"]) == ("dedup_pending", True, [])
    assert registry_count(desk) == 1


def test_another_clerks_applicant_is_not_matched_and_a_bad_reference_is_refused(
        desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    desk.client.put("/desk/operator-face", headers=desk.auth("clerk-minh"),
                    files={"image": ("me.jpg", desk.portrait(150.0))})
    case_id = enrol(desk, shared_dir)  # opened by clerk-lan, whose reference is another man
    assert desk.post(f"/cases/{case_id}/submit").json()["state"] == "dedup_pending"
    finger = (shared_dir / "data/fingerprints/fvc2002/DB1_B/101_1.tif").read_bytes()
    refused = desk.client.put("/desk/operator-face", headers=desk.auth("clerk-lan"),
                              files={"image": ("finger.tif", finger)})
    assert (refused.status_code, refused.json()["code"]) == (422, "NO_FACE")
    officer = desk.client.put("/desk/operator-face", headers=desk.auth("officer"),
                              files={"image": ("me.jpg", desk.portrait(150.0))})
    assert (officer.status_code, officer.json()["code"]) == (403, "DESK_ROLE_REQUIRED")


def test_a_clerk_without_a_reference_opens_no_case(desk: Desk) -> None:  # noqa: F811
    """The operator check cannot be skipped: no reference portrait, no case (409 OPERATOR_FACE_REQUIRED)."""
    from gate.store.desk_operators import DeskOperatorFaceRow

    cases = desk.client.app.state.services.desk.cases  # type: ignore[attr-defined]
    with cases.db.sessions.begin() as session:  # clerk-minh's reference forgotten (a new account)
        session.query(DeskOperatorFaceRow).filter_by(operator="clerk-minh").delete()
    assert desk.client.get("/desk/operator-face", headers=desk.auth("clerk-minh")).json() == {"enrolled": False}
    refused = desk.post("/cases", "clerk-minh", json={"consent": True})
    assert (refused.status_code, refused.json()["code"]) == (409, "OPERATOR_FACE_REQUIRED")
    assert desk.client.get("/desk/cases", headers=desk.auth("clerk-minh")).json() == []
    desk.client.put("/desk/operator-face", headers=desk.auth("clerk-minh"),
                    files={"image": ("me.jpg", desk.portrait(150.0))})
    assert desk.client.get("/desk/operator-face", headers=desk.auth("clerk-minh")).json() == {"enrolled": True}
    assert desk.post("/cases", "clerk-minh", json={"consent": True}).status_code == 201
    supervisor = desk.client.get("/desk/operator-face", headers=desk.auth("sup-hoa")).json()
    assert supervisor == {"enrolled": False}  # supervisors open no cases: not required of them
