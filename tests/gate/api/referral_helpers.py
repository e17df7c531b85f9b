"""Referred transactions for the officer tests: an impostor (face mismatch) or a far-away face (quality)."""

from __future__ import annotations

from tests.gate.api.conftest import Card, Service
from tests.gate.api.small_face import far_away
from tests.gate.conftest import World


def refer_impostor(service: Service, card: Card, world: World, gate: str = "gate-a") -> tuple[str, int]:
    """The transaction id and the referral id of an impostor (biden.jpg before obama's chip)."""
    tid = str(service.start(card, gate)["transaction_id"])
    service.frames(tid, world.photo("biden.jpg"), gate=gate)
    return tid, referral_of(service, tid)


def refer_far_away(service: Service, card: Card, world: World) -> tuple[str, int]:
    """The holder too far from the camera: QUALITY_FAILED."""
    tid = str(service.start(card)["transaction_id"])
    service.frames(tid, far_away(world.photo("obama-480p.jpg")))
    return tid, referral_of(service, tid)


def referral_of(service: Service, tid: str) -> int:
    queue = service.client.get("/officer/referrals", headers=service.officer()).json()
    (rid,) = [r["id"] for r in queue if r["transaction_id"] == tid]
    return int(rid)


def decide(service: Service, rid: int, verdict: str = "refuse", role: str = "officer",
           reason_code: str = "BIOMETRIC_MISMATCH", reason: str = "not the holder") -> dict[str, object]:
    response = service.client.post(f"/officer/referrals/{rid}/decision", headers=service.officer(role),
                                   json={"verdict": verdict, "reason_code": reason_code, "reason": reason})
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result
