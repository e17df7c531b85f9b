"""Bad uploads get 4xx before any biometric work, and leave the transaction waiting for good frames."""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from gate.store import TransactionRepository
from tests.gate.api.conftest import Cards, Service, serve
from tests.gate.conftest import GateFactory, World


@pytest.fixture
def small(make_gate: GateFactory) -> Iterator[Service]:
    yield from serve(make_gate, max_frames=2, max_frame_bytes=200_000, max_card_bytes=64_000)


def _png(size: int = 96) -> bytes:
    out = io.BytesIO()
    Image.fromarray(np.zeros((size, size, 3), np.uint8)).save(out, "PNG")
    return out.getvalue()


def _post(service: Service, tid: object, *files: tuple[str, bytes, str]) -> int:
    parts = [("frames", (name, data, kind)) for name, data, kind in files]
    status: int = service.client.post(f"/kiosk/transactions/{tid}/frames", files=parts,
                                      headers=service.kiosk()).status_code
    return status


def test_bad_frames_are_refused(small: Service, cards: Cards, world: World) -> None:
    tid = small.start(cards.holder)["transaction_id"]
    photo = world.photo("obama-480p.jpg")
    assert _post(small, tid, ("big.jpg", photo + b"\0" * 200_000, "image/jpeg")) == 413
    assert _post(small, tid, *[("f.jpg", photo, "image/jpeg")] * 3) == 413
    assert _post(small, tid, ("f.gif", b"GIF89a", "image/gif")) == 415
    assert _post(small, tid, ("f.txt", photo, "text/plain")) == 415
    assert _post(small, tid, ("f.jpg", _png(), "image/jpeg")) == 415  # declared JPEG, is PNG
    assert _post(small, tid, ("f.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg")) == 422
    assert _post(small, tid, ("f.png", _png(16), "image/png")) == 422  # too small to hold a face
    assert _post(small, tid, ("f.jpg", photo[: len(photo) // 3], "image/jpeg")) == 422  # truncated
    response = small.client.post(f"/kiosk/transactions/{tid}/frames", headers=small.kiosk())
    assert response.status_code == 422  # no frames at all
    assert small.client.get(f"/kiosk/transactions/{tid}", headers=small.kiosk()).json()["stage"] == "capture"
    assert _post(small, "no-such-transaction", ("f.jpg", photo, "image/jpeg")) == 404
    assert small.frames(tid, photo)["decision"] == "OPEN"  # still usable after the refusals


def test_bad_card_files_are_refused(small: Service, cards: Cards) -> None:
    client, headers = small.client, small.kiosk()
    for card in ("not base64!", base64.b64encode(b"{not json").decode(),
                 base64.b64encode(b'{"format": "egate-virtual-card/1"}').decode()):
        assert client.post("/kiosk/transactions", json=cards.holder.body(card=card), headers=headers).status_code == 422
    huge = base64.b64encode(b"x" * 65_000).decode()
    assert client.post("/kiosk/transactions", json=cards.holder.body(card=huge), headers=headers).status_code == 413
    invalid = client.post("/kiosk/transactions", json=cards.holder.body(birth_date="1989-08-04"), headers=headers)
    assert invalid.status_code == 422 and invalid.json() == {"code": "INVALID_REQUEST",
                                                            "params": {"field": "body.birth_date"}}
    assert cards.holder.body()["card"][:40] not in invalid.text and "1989-08-04" not in invalid.text  # no echo
    body_limit = client.post("/kiosk/transactions", content=b"{" + b" " * 1_000_000 + b"}", headers={
        **headers, "Content-Type": "application/json"})
    assert body_limit.status_code == 413
    with small.runtime.db.sessions() as s:
        assert TransactionRepository(s).recent() == []  # nothing started


def test_waiting_transactions_expire_into_a_referral(make_gate: GateFactory, cards: Cards) -> None:
    import time

    for service in serve(make_gate, transaction_ttl_s=0.2):
        tid = service.start(cards.holder)["transaction_id"]
        deadline = time.monotonic() + 10
        status = {"decision": None}
        while status["decision"] is None and time.monotonic() < deadline:
            time.sleep(0.05)  # the app's background sweeper refers it
            status = service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk()).json()
        assert status["decision"] == "REFER" and service.reasons(tid) == ["CAPTURE_TIMEOUT"]
        second = service.start(cards.holder)  # the document is free again
        assert second["stage"] == "capture"
    # leaving the app refers what is still waiting: no transaction stays open
    with service.runtime.db.sessions() as s:
        assert TransactionRepository(s).get(str(second["transaction_id"])).decision == "REFER"
