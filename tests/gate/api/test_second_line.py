"""Second-line handover: the note reaches the second-line officer, only second line decides, both audited
(the note's text outside the chain)."""

from __future__ import annotations

import json

from gate.audit import verify_gate
from gate.service.officer_reasons import reason_hmac
from gate.store import AuditRepository, CaptureVault
from tests.gate.api.conftest import Cards, Service
from tests.gate.api.referral_helpers import decide, refer_impostor
from tests.gate.conftest import World

NOTE = "Says he is the holder's twin brother Nguyễn Văn Bình; please interview"


def test_handover_note_reaches_second_line_who_decides(service: Service, cards: Cards, world: World) -> None:
    tid, rid = refer_impostor(service, cards.holder, world)
    client = service.client
    handed = client.post(f"/officer/referrals/{rid}/handover", json={"note": NOTE}, headers=service.officer())
    assert handed.status_code == 201, handed.text
    assert handed.json()["officer"] == "officer" and handed.json()["note"] == NOTE
    again = client.post(f"/officer/referrals/{rid}/handover", json={"note": "twice"}, headers=service.officer())
    assert again.status_code == 409

    second = service.officer("second_line")
    (queued,) = client.get("/officer/referrals?line=second", headers=second).json()
    assert queued["id"] == rid and queued["handover"]["note"] == NOTE
    assert client.get("/officer/referrals?line=first", headers=second).json() == []
    case = client.get(f"/officer/referrals/{rid}", headers=second).json()
    assert case["status"] == "open" and case["handover"]["note"] == NOTE and case["biographic"] is not None
    assert sorted(case["captures"]) == ["chip_face", "live_face"]  # kept for second line

    refused = client.post(f"/officer/referrals/{rid}/decision", headers=service.officer(),
                          json={"verdict": "admit", "reason": "first line may not"})
    assert refused.status_code == 403 and refused.json()["code"] == "SECOND_LINE_ONLY"
    result = decide(service, rid, "refuse", role="second_line", reason_code="BIOMETRIC_MISMATCH",
                    reason="interviewed: not the holder")
    assert result["officer"] == "second_line" and result["captures_purged"] == 4

    with service.runtime.db.sessions() as s:
        bodies = [json.loads(r.body) for r in AuditRepository(s).for_transaction(tid)]
        assert CaptureVault(s, service.runtime.cipher).for_transaction(tid) == []
    assert not any("Bình" in json.dumps(b, ensure_ascii=False) or "twin" in json.dumps(b) for b in bodies)
    (handover,) = [b for b in bodies if "HANDOVER_SECOND_LINE" in b["reason_codes"]]
    assert handover["event_type"] == "officer_action" and handover["officer"]["officer_id"] == "officer"
    assert handover["officer"]["verdict"] == "second_line"
    assert handover["officer"]["reason_hmac"] == reason_hmac(service.services.fleet.pseudonym_key, NOTE)
    (decision,) = [b for b in bodies if b["event_type"] == "officer_decision"]
    assert decision["officer"]["officer_id"] == "second_line" and decision["reason_codes"] == [
        "BIOMETRIC_MISMATCH", "SECOND_LINE"]
    assert verify_gate(service.runtime.db.sessions, "gate-a").ok


def test_a_supervisor_may_decide_for_second_line_and_erase_the_note(service: Service, cards: Cards,
                                                                     world: World) -> None:
    _, rid = refer_impostor(service, cards.holder, world)
    client = service.client
    assert client.post(f"/officer/referrals/{rid}/handover", json={"note": "  "},
                       headers=service.officer()).status_code == 422
    assert client.post(f"/officer/referrals/{rid}/handover", json={"note": "x" * 1001},
                       headers=service.officer()).status_code == 422
    assert client.post("/officer/referrals/9999/handover", json={"note": "n"},
                       headers=service.officer()).status_code == 404
    assert client.post(f"/officer/referrals/{rid}/handover", json={"note": NOTE},
                       headers=service.officer()).status_code == 201
    decide(service, rid, "admit", role="supervisor", reason_code="IDENTITY_CONFIRMED", reason="checked by hand")
    assert client.post(f"/officer/referrals/{rid}/handover", json={"note": "late"},
                       headers=service.officer()).status_code == 409  # decided
    assert client.delete(f"/officer/referrals/{rid}/reason", headers=service.officer("supervisor")).status_code == 204
    case = client.get(f"/officer/referrals/{rid}", headers=service.officer("supervisor")).json()
    assert case["handover"]["note"] is None and case["officer_reason"] is None
    assert case["handover"]["officer"] == "officer"


def test_a_second_line_account_is_created_and_ranks_between(service: Service) -> None:
    admin = service.officer("admin")
    created = service.client.post("/admin/officers", headers=admin, json={
        "username": "tran.binh", "password": "a long enough password", "role": "second_line"})
    assert created.status_code == 201, created.text
    assert created.json()["role"] == "second_line"
    signed_in = service.client.post("/auth/token", data={"username": "tran.binh", "password": "a long enough password"})
    assert signed_in.status_code == 200 and signed_in.json()["role"] == "second_line"
    second = {"Authorization": f"Bearer {signed_in.json()['access_token']}"}  # the account just created
    assert service.client.get("/officer/referrals?line=second", headers=second).status_code == 200
    assert service.client.delete("/officer/referrals/1/reason", headers=second).status_code == 403  # supervisor+
