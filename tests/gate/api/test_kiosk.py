"""Kiosk transactions through HTTP: the card, then the frames, then the decision."""

from __future__ import annotations

from gate.audit import verify_gate
from gate.store import CaptureVault, TransactionRepository
from tests.gate.api.conftest import Cards, Service
from tests.gate.conftest import World


def test_genuine_traveller_opens_the_gate(service: Service, cards: Cards, world: World) -> None:
    started = service.start(cards.holder)
    assert started["stage"] == "capture" and started["decision"] is None
    tid = started["transaction_id"]
    assert service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk()).json()["stage"] == "capture"
    decided = service.frames(tid, world.photo("obama-480p.jpg"))
    assert decided["decision"] == "OPEN" and service.reasons(tid) == []
    assert "reasons" not in decided
    assert set(decided) == {"transaction_id", "gate_id", "stage", "decision"}  # codes only: the page words them
    status = service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk()).json()
    assert status["stage"] == "decided" and status["decision"] == "OPEN"
    # the other gate cannot see it, nor continue it
    assert service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk("gate-b")).status_code == 404
    with service.runtime.db.sessions() as s:
        assert TransactionRepository(s).get(str(tid)).gate_id == "gate-a"
        assert CaptureVault(s, service.runtime.cipher).for_transaction(str(tid)) == []
    assert verify_gate(service.runtime.db.sessions, "gate-a").ok


def test_impostor_is_referred(service: Service, cards: Cards, world: World) -> None:
    tid = service.start(cards.holder)["transaction_id"]
    decided = service.frames(tid, world.photo("biden.jpg"))
    assert decided["decision"] == "REFER" and service.reasons(tid) == ["FACE_MISMATCH"]
    assert "reasons" not in decided and "MISMATCH" not in str(decided)  # the traveller is not told why
    again = service.client.post(f"/kiosk/transactions/{tid}/frames", headers=service.kiosk(),
                                files=[("frames", ("f.jpg", world.photo("obama-480p.jpg"), "image/jpeg"))])
    assert again.status_code == 409  # decided once


def test_tampered_card_is_referred_at_the_document(service: Service, cards: Cards) -> None:
    decided = service.start(cards.swapped)
    assert decided["stage"] == "decided" and decided["decision"] == "REFER"
    assert service.reasons(decided["transaction_id"]) == ["PASSIVE_AUTH_FAILED"]


def test_wrong_mrz_is_rejected(service: Service, cards: Cards) -> None:
    body = cards.holder.body(document_number="001089012346")
    response = service.client.post("/kiosk/transactions", json=body, headers=service.kiosk())
    assert response.status_code == 201
    assert response.json()["decision"] == "REJECT"
    assert "DOCUMENT_UNREADABLE" in service.reasons(response.json()["transaction_id"])
