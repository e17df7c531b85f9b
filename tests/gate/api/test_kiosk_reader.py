"""The kiosk waits for a card on the gate's document reader: the transaction starts by itself with the CAN
(PACE) or MRZ the reader read; a reload resumes it; the kiosk authenticates with a provisioned device cookie."""

from __future__ import annotations

from fastapi.testclient import TestClient

from gate.ports import OpticalData
from gate.service.kiosk_device import DEVICE_COOKIE
from tests.gate.api.conftest import Card, Cards, Service
from tests.gate.conftest import World


def place(service: Service, card: Card, gate: str = "gate-a") -> None:
    key = card.key
    optical = OpticalData(key.document_number, key.birth_date, key.expiry_date, can=card.image.can)
    service.services.readers.for_gate(gate).place(card.image, optical)


def current(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, object]:
    response = client.get("/kiosk/current", headers=headers or {})
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def started(client: TestClient, headers: dict[str, str] | None = None) -> dict[str, object]:
    """The poll that reports the card placed says ``reading``; the next one reads the chip and starts."""
    assert current(client, headers)["stage"] == "reading"
    return current(client, headers)


def test_a_card_on_the_reader_starts_the_transaction(service: Service, cards: Cards, world: World) -> None:
    assert current(service.client, service.kiosk()) == {"gate_id": "gate-a", "stage": "waiting",
                                                          "transaction_id": None, "decision": None}
    place(service, cards.holder)
    opened = started(service.client, service.kiosk())
    assert opened["stage"] == "capture" and opened["decision"] is None
    assert current(service.client, service.kiosk()) == opened  # a reload resumes, never a second start
    assert current(service.client, service.kiosk("gate-b"))["stage"] == "waiting"  # another gate's reader
    decided = service.frames(opened["transaction_id"], world.photo("obama-480p.jpg"))
    assert decided["decision"] == "OPEN"
    assert current(service.client, service.kiosk())["stage"] == "waiting"  # the card was reported once


def test_a_forged_card_is_decided_at_once(service: Service, cards: Cards) -> None:
    place(service, cards.swapped)
    decided = started(service.client, service.kiosk())
    assert decided["stage"] == "decided" and decided["decision"] in ("REJECT", "REFER")
    assert current(service.client, service.kiosk())["stage"] == "waiting"


def test_wait_is_bounded_and_checked(service: Service) -> None:
    assert service.client.get("/kiosk/current?wait=2.5", headers=service.kiosk()).status_code == 422
    assert service.client.get("/kiosk/current?wait=-1", headers=service.kiosk()).status_code == 422
    assert service.client.get("/kiosk/current").status_code == 401


def _provisioned(service: Service) -> TestClient:
    link = service.client.post("/kiosk/device-link", headers=service.kiosk())
    assert link.status_code == 200, link.text
    kiosk = TestClient(service.client.app, base_url="http://testserver")
    opened = kiosk.get(link.json()["path"], follow_redirects=False)
    assert opened.status_code == 303 and opened.headers["location"] == "/ui/kiosk.html"
    assert "httponly" in opened.headers["set-cookie"].lower()
    assert "samesite=strict" in opened.headers["set-cookie"].lower()
    return kiosk


def test_the_kiosk_authenticates_with_its_device_cookie(service: Service, cards: Cards) -> None:
    kiosk = _provisioned(service)
    assert current(kiosk)["gate_id"] == "gate-a"
    place(service, cards.holder)
    tid = started(kiosk)["transaction_id"]
    assert kiosk.get(f"/kiosk/transactions/{tid}").json()["stage"] == "capture"
    # the device cookie is not an API key, and gate-b's kiosk does not see gate-a's transaction
    token = kiosk.cookies[DEVICE_COOKIE]
    assert service.client.get("/kiosk/current", headers={"X-Gate-Key": token}).status_code == 401
    assert service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk("gate-b")).status_code == 404


def test_forged_or_misused_credentials_are_refused(service: Service) -> None:
    path = service.client.post("/kiosk/device-link", headers=service.kiosk()).json()["path"]
    link = path.split("link=", 1)[1]
    stranger = TestClient(service.client.app)
    assert stranger.get("/kiosk/provision?link=egt1.e30.AAAA", follow_redirects=False).status_code == 401
    assert stranger.get(f"/kiosk/provision?link={link[:-2]}xx", follow_redirects=False).status_code == 401
    for wrong in (link, service.officer()["Authorization"].split()[1], "garbage"):  # a link is not a device token
        stranger.cookies.set(DEVICE_COOKIE, wrong)
        assert stranger.get("/kiosk/current").status_code == 401
    assert service.client.post("/kiosk/device-link").status_code == 401


def test_an_administrator_places_a_card_on_a_gate_reader(service: Service, cards: Cards) -> None:
    body, url, admin = cards.holder.body(), "/admin/gates/gate-b/reader", service.officer("admin")
    assert service.client.put(url, json=body, headers=service.officer("officer")).status_code == 403
    assert service.client.put("/admin/gates/gate-z/reader", json=body, headers=admin).status_code == 404
    bad = service.client.put(url, json={**body, "card": "bm90IGEgY2FyZA=="}, headers=admin)
    assert bad.status_code == 422 and not service.services.readers.for_gate("gate-b").holds_card
    assert service.client.put(url, json={**body, "can": "12a456"}, headers=admin).status_code == 422
    placed = service.client.put(url, json={**body, "can": cards.holder.image.can}, headers=admin)
    assert placed.status_code == 204, placed.text
    assert started(service.client, service.kiosk("gate-b"))["stage"] == "capture"


def test_rotating_the_gate_key_revokes_its_kiosk(service: Service) -> None:
    from gate.store import GateRepository

    kiosk = _provisioned(service)
    assert kiosk.post("/kiosk/device-link").status_code == 401  # a device cookie cannot renew itself
    pending = service.client.post("/kiosk/device-link", headers=service.kiosk()).json()["path"]
    with service.runtime.db.sessions.begin() as session:
        service.gate_keys["gate-a"] = GateRepository(session).rotate_api_key("gate-a")
    assert kiosk.get("/kiosk/current").status_code == 401
    assert TestClient(service.client.app).get(pending, follow_redirects=False).status_code == 401
    assert current(_provisioned(service))["gate_id"] == "gate-a"  # provisioned again with the new key


def test_the_can_read_from_the_card_opens_the_chip_and_a_wrong_one_does_not(service: Service, cards: Cards,
                                                                            world: World) -> None:
    card = cards.holder
    assert card.image.can is not None  # a CCCD: the reader reads its CAN, the gate opens it with PACE
    place(service, card)
    opened = started(service.client, service.kiosk())
    assert opened["stage"] == "capture"
    assert service.frames(opened["transaction_id"], world.photo("obama-480p.jpg"))["decision"] == "OPEN"
    key = card.key
    wrong = f"{(int(card.image.can) + 1) % 1_000_000:06d}"
    service.services.readers.for_gate("gate-a").place(
        card.image, OpticalData(key.document_number, key.birth_date, key.expiry_date, can=wrong))
    refused = started(service.client, service.kiosk())
    assert refused["stage"] == "decided" and refused["decision"] == "REJECT"
