"""Guided capture: each live frame is answered with guidance codes until one qualifies; the gate then
decides by itself. When the kiosk's budget runs out, the best frame seen decides (a referral)."""

from __future__ import annotations

from tests.gate.api.conftest import Cards, Service
from tests.gate.api.small_face import blank, far_away
from tests.gate.api.test_kiosk_reader import current, place
from tests.gate.api.test_kiosk_reader import started as polled
from tests.gate.conftest import World


def frame(service: Service, tid: object, data: bytes, gate: str = "gate-a") -> dict[str, object]:
    response = service.client.post(f"/kiosk/transactions/{tid}/frame", files={"frame": ("f.jpg", data, "image/jpeg")},
                                   headers=service.kiosk(gate))
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def started(service: Service, cards: Cards) -> object:
    place(service, cards.holder)
    return polled(service.client, service.kiosk())["transaction_id"]


def test_guidance_until_the_face_qualifies_then_the_gate_decides(service: Service, cards: Cards,
                                                                  world: World) -> None:
    tid = started(service, cards)
    assert frame(service, tid, blank()) == {"transaction_id": tid, "stage": "capture", "decision": None,
                                            "codes": ["NO_FACE"]}
    small = frame(service, tid, far_away(world.photo("obama-480p.jpg")))
    assert small["stage"] == "capture" and small["codes"] and small["codes"][0] == "EYE_DISTANCE_LOW"  # type: ignore[index]
    decided = frame(service, tid, world.photo("obama-480p.jpg"))
    assert decided == {"transaction_id": tid, "stage": "decided", "decision": "OPEN", "codes": []}
    assert service.reasons(tid) == []
    again = service.client.post(f"/kiosk/transactions/{tid}/frame", headers=service.kiosk(),
                                files={"frame": ("f.jpg", world.photo("obama-480p.jpg"), "image/jpeg")})
    assert again.status_code == 409


def test_an_impostor_is_referred_without_being_told_why(service: Service, cards: Cards, world: World) -> None:
    tid = started(service, cards)
    decided = frame(service, tid, world.photo("biden.jpg"))
    assert decided["decision"] == "REFER" and decided["codes"] == [] and service.reasons(tid) == ["FACE_MISMATCH"]


def test_budget_ran_out_the_best_frame_decides(service: Service, cards: Cards, world: World) -> None:
    tid = started(service, cards)
    frame(service, tid, far_away(world.photo("obama-480p.jpg")))
    finished = service.client.post(f"/kiosk/transactions/{tid}/finish", headers=service.kiosk()).json()
    assert finished["stage"] == "decided" and finished["decision"] == "REFER"
    assert "QUALITY_FAILED" in service.reasons(tid)


def test_budget_ran_out_without_a_face(service: Service, cards: Cards) -> None:
    tid = started(service, cards)
    frame(service, tid, blank())
    finished = service.client.post(f"/kiosk/transactions/{tid}/finish", headers=service.kiosk()).json()
    assert finished["stage"] == "decided" and finished["decision"] == "REFER"
    assert service.reasons(tid) == ["CAPTURE_TIMEOUT"]
    assert current(service.client, service.kiosk())["stage"] == "waiting"


def test_bad_frames_and_foreign_transactions_are_refused(service: Service, cards: Cards, world: World) -> None:
    tid = started(service, cards)
    url = f"/kiosk/transactions/{tid}/frame"
    photo = world.photo("obama-480p.jpg")
    assert service.client.post(url, headers=service.kiosk("gate-b"),
                               files={"frame": ("f.jpg", photo, "image/jpeg")}).status_code == 404
    gif = service.client.post(url, headers=service.kiosk(), files={"frame": ("f.gif", b"GIF89a", "image/gif")})
    assert gif.status_code == 415 and gif.json() == {"code": "UNSUPPORTED_MEDIA_TYPE", "params": {}}
    bad = service.client.post(url, headers=service.kiosk(), files={"frame": ("f.jpg", b"not a jpeg", "image/jpeg")})
    assert bad.status_code == 422 and bad.json() == {"code": "INVALID_UPLOAD", "params": {}}
    assert service.client.post(f"/kiosk/transactions/{tid}/finish", headers=service.kiosk("gate-b")).status_code == 404
    assert current(service.client, service.kiosk())["stage"] == "capture"  # refused frames change nothing
