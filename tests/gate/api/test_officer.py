"""The officer's side: the queue, a case with both images, the decision; every action audited."""

from __future__ import annotations

import json

from gate.audit import AuditRecord, SealedRecord, keyring, load_public_key, verify_gate, verify_records
from gate.store import AuditRepository, CaptureVault, GateRepository, StoredRecord
from matcher.image import decode_image
from tests.gate.api.conftest import Cards, Service
from tests.gate.conftest import World


def _events(service: Service, transaction_id: str) -> list[AuditRecord]:
    with service.runtime.db.sessions() as s:
        return [AuditRecord.model_validate_json(r.body) for r in AuditRepository(s).for_transaction(transaction_id)]


def test_officer_reviews_decides_and_captures_are_purged(service: Service, cards: Cards, world: World) -> None:
    tid = str(service.start(cards.holder)["transaction_id"])
    service.frames(tid, world.photo("biden.jpg"))
    client, headers = service.client, service.officer()
    queue = client.get("/officer/referrals", headers=headers).json()
    assert [(r["transaction_id"], r["gate_id"], r["reasons"]) for r in queue] == [(tid, "gate-a", ["FACE_MISMATCH"])]
    rid = queue[0]["id"]

    case = client.get(f"/officer/referrals/{rid}", headers=headers).json()
    (face,) = case["comparisons"]
    assert face["modality"] == "face" and not face["matched"] and face["score"] < face["threshold"]  # cosine
    assert face["fmr_target"] == 0.001 and case["pad_score"] is not None and case["pad_score"] < 0.5
    assert case["quality"]["result"] == "pass" and case["decision"] == "REFER"
    assert {c["kind"] for c in case["checks"]} >= {"sod_signature", "stop_list", "face_count", "pad"}
    assert sorted(case["captures"]) == ["chip_face", "live_face"]
    for kind in ("live_face", "chip_face"):
        image = client.get(f"/officer/referrals/{rid}/captures/{kind}", headers=headers)
        assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
        assert decode_image(image.content).rgb.ndim == 3

    decision = client.post(f"/officer/referrals/{rid}/decision", headers=headers,
                           json={"verdict": "refuse", "reason": "face does not match the chip photo"})
    assert decision.status_code == 200, decision.text
    assert decision.json()["captures_purged"] == 4 and decision.json()["officer"] == "officer"
    assert client.get("/officer/referrals", headers=headers).json() == []
    (closed,) = client.get("/officer/referrals?status=decided", headers=headers).json()
    assert closed["id"] == rid and closed["status"] == "decided"
    again = client.post(f"/officer/referrals/{rid}/decision", headers=headers, json={"verdict": "admit", "reason": "x"})
    assert again.status_code == 409
    assert client.get(f"/officer/referrals/{rid}/captures/live_face", headers=headers).status_code == 404

    with service.runtime.db.sessions() as s:
        assert CaptureVault(s, service.runtime.cipher).for_transaction(tid) == []
    events = _events(service, tid)
    actions = [e.reason_codes for e in events if e.event_type == "officer_action"]
    assert actions == [("VIEW_REFERRAL",), ("VIEW_CAPTURE", "KIND:live_face"), ("VIEW_CAPTURE", "KIND:chip_face")]
    decided = [e for e in events if e.event_type == "officer_decision"]
    assert len(decided) == 1 and decided[0].officer is not None
    assert decided[0].officer.verdict == "refuse" and decided[0].officer.officer_id == "officer"
    purged = [e for e in events if e.event_type == "capture_purged"]
    assert [e.reason_codes for e in purged] == [("CAPTURES_PURGED", "COUNT:4")]  # both images, holder data, quality
    assert all(e.gate_id == "gate-a" for e in events)
    assert verify_gate(service.runtime.db.sessions, "gate-a").ok
    body = "\n".join(r.body for r in _raw(service, tid))
    assert "OBAMA" not in body.upper() and "NGUYEN" not in body.upper() and cards.holder.key.document_number not in body


def _raw(service: Service, transaction_id: str) -> list[StoredRecord]:
    with service.runtime.db.sessions() as s:
        return list(AuditRepository(s).for_transaction(transaction_id))


def test_decision_needs_a_reason_and_a_known_verdict(service: Service, cards: Cards) -> None:
    service.start(cards.swapped)
    headers = service.officer()
    rid = service.client.get("/officer/referrals", headers=headers).json()[0]["id"]
    bodies = ({"verdict": "admit", "reason": "   "}, {"verdict": "wave_through", "reason": "ok"}, {"verdict": "admit"})
    for body in bodies:
        assert service.client.post(f"/officer/referrals/{rid}/decision", headers=headers, json=body).status_code == 422
    assert service.client.get("/officer/referrals/999", headers=headers).status_code == 404


def test_audit_export_and_verify(service: Service, cards: Cards) -> None:
    service.start(cards.swapped, gate="gate-a")
    with service.runtime.db.sessions() as s:
        pem = GateRepository(s).get("gate-a").public_key_pem
    assert pem is not None
    public = load_public_key(pem.encode())
    headers = service.officer("supervisor")
    export = service.client.get("/audit/export", headers=headers)
    assert export.status_code == 200 and export.headers["content-type"].startswith("application/x-ndjson")
    lines = [json.loads(line) for line in export.text.splitlines()]
    assert {line["record"]["gate_id"] for line in lines} >= {"gate-a", "gate-01"}
    records = [SealedRecord.from_json_line(line) for line in export.text.splitlines()]
    assert verify_records([r for r in records if r.gate_id == "gate-a"], keyring([public])).ok
    reports = service.client.get("/audit/verify", headers=headers).json()
    assert reports and all(r["ok"] for r in reports)
    assert service.client.get("/audit/verify?gate_id=nope", headers=headers).status_code == 404
