"""Auth and privacy: forwarded headers believed only from configured proxies, one identifier rule for gate
ids, and an officer's free-text reason outside the signed chain (code + keyed HMAC in it), erasable."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Iterator

import pytest

from gate.audit import verify_gate
from gate.service.client_address import TrustedProxies
from gate.service.officer_reasons import reason_hmac
from gate.store import AuditRepository, ReferralRepository
from tests.gate.api.conftest import Cards, Service, serve
from tests.gate.conftest import GateFactory, World


@pytest.fixture
def strict(make_gate: GateFactory) -> Iterator[Service]:
    yield from serve(make_gate, sign_in_max_client_failures=3, sign_in_max_failures=100)


def test_varying_x_forwarded_for_does_not_sidestep_the_client_lock(strict: Service) -> None:
    codes = []
    for n in range(5):
        response = strict.client.post("/auth/token", data={"username": f"nobody{n}", "password": "wrong"},
                                      headers={"X-Forwarded-For": f"203.0.113.{n}"})
        codes.append(response.status_code)
    assert codes == [401, 401, 401, 429, 429]


def test_forwarded_addresses_are_believed_only_from_trusted_proxies() -> None:
    proxies = TrustedProxies([ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("::1/128")])
    assert proxies.client("198.51.100.7", "203.0.113.9") == "198.51.100.7"  # not a proxy: header ignored
    assert proxies.client("10.0.0.5", "203.0.113.9") == "203.0.113.9"
    assert proxies.client("10.0.0.5", "203.0.113.9, 10.0.0.7") == "203.0.113.9"  # two proxies deep
    assert proxies.client("10.0.0.5", "1.2.3.4, 203.0.113.9") == "203.0.113.9"  # the client's own claim ignored
    assert proxies.client("10.0.0.5", "not-an-address") == "10.0.0.5"
    assert proxies.client("::1", "2001:db8::1") == "2001:db8::1"
    assert TrustedProxies().client("10.0.0.5", "203.0.113.9") == "10.0.0.5"  # none configured


def test_every_gate_id_the_rule_admits_works(service: Service, cards: Cards) -> None:
    admin = service.officer("admin")
    for bad in ("bad/id", "a b", "", "x" * 65):
        assert service.client.post("/admin/gates", json={"id": bad}, headers=admin).status_code == 422
    created = service.client.post("/admin/gates", json={"id": ".."}, headers=admin)
    assert created.status_code == 201, created.text
    started = service.client.post("/kiosk/transactions", json=cards.holder.body(),
                                  headers={"X-Gate-Key": created.json()["api_key"]})
    assert started.status_code == 201 and started.json()["gate_id"] == ".."
    assert verify_gate(service.runtime.db.sessions, "..").ok


def test_an_officers_free_text_stays_out_of_the_chain_and_can_be_erased(service: Service, cards: Cards,
                                                                        world: World) -> None:
    tid = str(service.start(cards.holder)["transaction_id"])
    service.frames(tid, world.photo("biden.jpg"))
    (referral,) = service.client.get("/officer/referrals", headers=service.officer()).json()
    text = "Traveller Nguyen Van An, phone 0912 345 678, says the chip was replaced"
    decided = service.client.post(f"/officer/referrals/{referral['id']}/decision", headers=service.officer(),
                                  json={"verdict": "refuse", "reason_code": "DOCUMENT_SUSPECT", "reason": text})
    assert decided.status_code == 200, decided.text
    assert service.client.post(f"/officer/referrals/{referral['id']}/decision", headers=service.officer(),
                               json={"verdict": "admit", "reason_code": "MADE_UP", "reason": "x"}).status_code == 422

    with service.runtime.db.sessions() as s:
        bodies = [r.body for r in AuditRepository(s).chain("gate-a")]
    assert not any("Nguyen" in body or "0912" in body for body in bodies)
    (decision,) = [json.loads(b) for b in bodies if json.loads(b)["event_type"] == "officer_decision"]
    key = service.services.fleet.pseudonym_key
    assert decision["officer"]["reason"] == "DOCUMENT_SUSPECT" and decision["reason_codes"] == ["DOCUMENT_SUSPECT"]
    assert decision["officer"]["reason_hmac"] == reason_hmac(key, text) != reason_hmac(key, text + ".")
    case = service.client.get(f"/officer/referrals/{referral['id']}", headers=service.officer("supervisor")).json()
    assert case["officer_reason"] == text and case["officer_reason_code"] == "DOCUMENT_SUSPECT"

    path = f"/officer/referrals/{referral['id']}/reason"
    assert service.client.delete(path, headers=service.officer()).status_code == 403  # supervisor+
    assert service.client.delete(path, headers=service.officer("supervisor")).status_code == 204
    with service.runtime.db.sessions() as s:
        stored = ReferralRepository(s).get(referral["id"])
        assert stored.reason is None and stored.reason_code == "DOCUMENT_SUSPECT"
        actions = [json.loads(r.body)["reason_codes"] for r in AuditRepository(s).for_transaction(tid)]
    assert ["REASON_ERASED"] in actions
    assert verify_gate(service.runtime.db.sessions, "gate-a").ok
    assert service.client.delete("/officer/referrals/999/reason", headers=service.officer("supervisor")).status_code \
        == 404
