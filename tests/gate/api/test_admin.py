"""Administration over HTTP: the FMR target, gates and their keys, officer accounts, gate status."""

from __future__ import annotations

from gate.audit import AuditRecord
from gate.store import AuditRepository
from tests.gate.api.conftest import PASSWORD, Cards, Service
from tests.gate.conftest import World


def test_fmr_target_change_applies_to_later_transactions(service: Service, cards: Cards, world: World) -> None:
    client, admin = service.client, service.officer("admin")
    assert client.get("/admin/fmr-target", headers=admin).json() == {"fmr_target": 0.001}
    waiting = service.start(cards.holder)["transaction_id"]  # started under 0.001
    for bad in (0.05, 0.002, -1, "0.001x"):
        assert client.put("/admin/fmr-target", json={"fmr_target": bad}, headers=admin).status_code == 422
    changed = client.put("/admin/fmr-target", json={"fmr_target": 0.0001}, headers=admin)
    assert changed.status_code == 200 and changed.json() == {"fmr_target": 0.0001}
    assert client.get("/admin/fmr-target", headers=admin).json() == {"fmr_target": 0.0001}
    service.frames(waiting, world.photo("biden.jpg"))
    later = service.start(cards.other, gate="gate-b")["transaction_id"]
    service.frames(later, world.photo("biden.jpg"), gate="gate-b")
    with service.runtime.db.sessions() as s:
        repo = AuditRepository(s)
        targets = {tid: [c.fmr_target for r in repo.for_transaction(str(tid))
                         for c in AuditRecord.model_validate_json(r.body).comparisons] for tid in (waiting, later)}
        service_chain = [AuditRecord.model_validate_json(r.body) for r in repo.chain("gate-01")]
    assert targets == {waiting: [0.001], later: [0.0001]}
    change = [r for r in service_chain if "FMR_TARGET_CHANGED" in r.reason_codes]
    assert len(change) == 1 and change[0].officer is not None and change[0].officer.officer_id == "admin"


def test_gates_and_officers_are_created_and_listed(service: Service, cards: Cards) -> None:
    client, admin = service.client, service.officer("admin")
    created = client.post("/admin/gates", json={"id": "gate-c", "name": "Terminal 2 / lane 3"}, headers=admin)
    assert created.status_code == 201 and created.json()["api_key"].startswith("egk_")
    assert client.post("/admin/gates", json={"id": "gate-c"}, headers=admin).status_code == 409
    assert client.post("/admin/gates", json={"id": "../etc"}, headers=admin).status_code == 422
    key = {"X-Gate-Key": created.json()["api_key"]}
    started = client.post("/kiosk/transactions", json=cards.swapped.body(), headers=key)
    assert started.status_code == 201 and started.json()["gate_id"] == "gate-c"
    waiting = service.start(cards.holder, gate="gate-b")

    gates = {g["id"]: g for g in client.get("/admin/gates", headers=admin).json()}
    assert set(gates) == {"gate-01", "gate-a", "gate-b", "gate-c"}
    assert gates["gate-c"]["open_referrals"] == 1 and gates["gate-c"]["last_transaction"]["decision"] == "REFER"
    assert gates["gate-b"]["in_flight"] == 1
    assert gates["gate-b"]["last_transaction"]["id"] == waiting["transaction_id"]
    assert gates["gate-a"]["last_transaction"] is None and gates["gate-a"]["open_referrals"] == 0

    body = {"username": "le.chi", "password": "short", "role": "supervisor"}
    assert client.post("/admin/officers", json=body, headers=admin).status_code == 422
    body["password"] = PASSWORD
    made = client.post("/admin/officers", json=body, headers=admin)
    assert made.status_code == 201 and made.json()["role"] == "supervisor"
    assert client.post("/admin/officers", json=body, headers=admin).status_code == 409
    token = client.post("/auth/token", data={"username": "le.chi", "password": PASSWORD})
    assert token.status_code == 200 and token.json()["role"] == "supervisor"
