"""The supervisor and admin pages' API: the stop list with its diff before confirming (and the gates use it
at once), gate key rotation, officer roles and disabling, and chain verification naming the first bad record
after a stored record is tampered with."""

from __future__ import annotations

from sqlalchemy import update

from gate.audit import AuditRecord
from gate.store import AuditRepository
from gate.store.models import AuditRecordRow
from tests.gate.api.conftest import PASSWORD, Cards, Service
from tests.gate.conftest import World

FIRST = "# lost and stolen, 2026-12\nVNM 001089012345\nVNM C1234567\nD<< X0000001\n"
SECOND = "VNM 001089012345  # still lost\nVNM 001089099999\nUTO L898902C3\n"


def chain(service: Service, gate: str = "gate-01") -> list[AuditRecord]:
    with service.runtime.db.sessions() as s:
        return [AuditRecord.model_validate_json(r.body) for r in AuditRepository(s).chain(gate)]


def test_stop_list_diff_before_confirming_then_in_force(service: Service, cards: Cards) -> None:
    client, sup = service.client, service.officer("supervisor")
    empty = client.get("/admin/stop-list", headers=sup).json()
    assert empty["entries"] == 0
    first = client.post("/admin/stop-list/preview", json={"text": FIRST}, headers=sup).json()
    assert (first["added_count"], first["removed_count"], first["unchanged"]) == (3, 0, 0)
    assert {"issuing_state": "D", "document_number": "X0000001"} in first["added"]
    assert client.get("/admin/stop-list", headers=sup).json() == empty  # a preview changes nothing
    applied = client.put("/admin/stop-list", json={"text": FIRST, "expected_digest": first["current_digest"]},
                         headers=sup)
    assert applied.status_code == 200 and applied.json()["new_digest"] == first["new_digest"]
    held = service.start(cards.holder)  # 001089012345 is on the list now: referred, the kiosk not told why
    assert held["decision"] == "REFER" and "STOP_LIST_HIT" in service.reasons(held["transaction_id"])

    second = client.post("/admin/stop-list/preview", json={"text": SECOND}, headers=sup).json()
    assert second["added"] == [{"issuing_state": "UTO", "document_number": "L898902C3"},
                               {"issuing_state": "VNM", "document_number": "001089099999"}]
    assert second["removed"] == [{"issuing_state": "D", "document_number": "X0000001"},
                                 {"issuing_state": "VNM", "document_number": "C1234567"}]
    assert second["unchanged"] == 1 and second["current_digest"] == first["new_digest"]
    stale = client.put("/admin/stop-list", json={"text": SECOND, "expected_digest": first["current_digest"]},
                       headers=sup)
    assert stale.status_code == 409 and stale.json()["code"] == "STOP_LIST_CHANGED"
    assert client.put("/admin/stop-list", json={"text": SECOND, "expected_digest": second["current_digest"]},
                      headers=sup).status_code == 200
    assert client.get("/admin/stop-list", headers=sup).json()["entries"] == 3
    replaced = [r for r in chain(service) if "STOP_LIST_REPLACED" in r.reason_codes]
    assert [r.reason_codes for r in replaced] == [
        ("STOP_LIST_REPLACED", "ADDED:3", "REMOVED:0", "ENTRIES:3"),
        ("STOP_LIST_REPLACED", "ADDED:2", "REMOVED:2", "ENTRIES:3")]
    assert all("001089012345" not in r.model_dump_json() for r in chain(service))  # counts, never numbers


def test_a_bad_stop_list_is_refused_with_its_line(service: Service) -> None:
    client, sup = service.client, service.officer("supervisor")
    for text, line in (("VNM 1\nVNM\n", 2), ("VNM 1 2\n", 1), ("VIETNAM 123\n", 1), ("VNM 12-34\n", 1)):
        refused = client.post("/admin/stop-list/preview", json={"text": text}, headers=sup)
        assert refused.status_code == 422 and refused.json()["code"] == "STOP_LIST_INVALID"
        assert f"line {line}" in refused.json()["detail"][0]["msg"]
    assert client.put("/admin/stop-list", json={"text": "VNM 1", "expected_digest": "x"},
                      headers=sup).status_code == 422
    assert client.post("/admin/stop-list/preview", json={"text": "VNM 1"},
                       headers=service.officer()).status_code == 403


def test_rotating_a_gate_key_shows_the_new_key_once(service: Service, cards: Cards) -> None:
    client, admin = service.client, service.officer("admin")
    rotated = client.post("/admin/gates/gate-b/key", headers=admin)
    assert rotated.status_code == 200 and rotated.json()["id"] == "gate-b"
    new_key = rotated.json()["api_key"]
    assert new_key.startswith("egk_") and new_key != service.gate_keys["gate-b"]
    old = client.post("/kiosk/transactions", json=cards.holder.body(), headers=service.kiosk("gate-b"))
    assert old.status_code == 401
    assert client.post("/kiosk/transactions", json=cards.holder.body(),
                       headers={"X-Gate-Key": new_key}).status_code == 201
    assert client.post("/admin/gates/nope/key", headers=admin).status_code == 404
    assert all(new_key not in r.model_dump_json() for r in chain(service))
    assert any(r.reason_codes == ("GATE_KEY_ROTATED", "GATE:gate-b") for r in chain(service))


def test_officer_roles_and_disabling(service: Service) -> None:
    client, admin = service.client, service.officer("admin")
    officer_token = service.officer("officer")
    listed = {o["username"]: o for o in client.get("/admin/officers", headers=admin).json()}
    assert set(listed) == {"officer", "second_line", "supervisor", "admin"} and listed["officer"]["active"]
    promoted = client.put("/admin/officers/officer/role", json={"role": "supervisor"}, headers=admin)
    assert promoted.status_code == 200 and promoted.json()["role"] == "supervisor"
    assert client.get("/stats/shift", headers=officer_token).status_code == 200  # roles are checked live
    assert client.put("/admin/officers/officer/role", json={"role": "king"}, headers=admin).status_code == 422
    assert client.put("/admin/officers/nobody/role", json={"role": "officer"}, headers=admin).status_code == 404
    assert client.put("/admin/officers/admin/role", json={"role": "officer"}, headers=admin).status_code == 422
    assert client.post("/admin/officers/admin/disable", headers=admin).status_code == 422
    disabled = client.post("/admin/officers/officer/disable", headers=admin)
    assert disabled.status_code == 200 and disabled.json()["active"] is False
    assert client.get("/officer/referrals", headers=officer_token).status_code == 401
    assert client.post("/auth/token", data={"username": "officer", "password": PASSWORD}).status_code == 401
    codes = [r.reason_codes[0] for r in chain(service) if r.reason_codes and r.reason_codes[0].startswith("OFFICER_")]
    assert codes == ["OFFICER_ROLE_CHANGED", "OFFICER_DISABLED"]


def test_chain_verification_names_the_first_bad_record(service: Service, cards: Cards, world: World) -> None:
    for card in (cards.holder, cards.other):
        tid = service.start(card)["transaction_id"]
        service.frames(tid, world.photo("obama.jpg"))
    client, sup = service.client, service.officer("supervisor")
    healthy = {r["gate_id"]: r for r in client.get("/audit/verify", headers=sup).json()}
    assert healthy["gate-a"]["ok"] and healthy["gate-a"]["first_bad_seq"] is None
    records = healthy["gate-a"]["records"]
    assert records > 6
    with service.runtime.db.engine.begin() as connection:  # an insider edits a stored record
        connection.execute(update(AuditRecordRow).where(AuditRecordRow.gate_id == "gate-a", AuditRecordRow.seq == 5)
                           .values(body=AuditRecordRow.body + " "))
    [report] = client.get("/audit/verify", params={"gate_id": "gate-a"}, headers=sup).json()
    assert report["ok"] is False and report["first_bad_seq"] == 5
    assert "record modified" in report["first_bad_reason"] and "seq 5" in report["first_bad"]
    assert client.get("/audit/verify", params={"gate_id": "gate-b"}, headers=sup).json()[0]["ok"]
