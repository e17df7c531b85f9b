"""Hostile requests get documented 4xx answers, never a 500: ids out of their column's range, bodies that
cannot be parsed, domain refusals in the documented 422 shape, chip photos that are no image, frames
posted to made-up transactions, 12 MP frames."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from gate.store import CaptureVault, ReferralRepository, TransactionRepository
from matcher.image import decode_image
from tests.gate.api.conftest import Cards, Service
from tests.gate.conftest import World


def _image(mode: str, fmt: str, size: tuple[int, int] = (120, 160)) -> bytes:
    out = io.BytesIO()
    Image.new(mode, size, 1 if mode == "1" else (90, 120, 150)).save(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("path", ["/officer/referrals/{}", "/officer/referrals/{}/captures/chip_face"])
@pytest.mark.parametrize("rid", ["9223372036854775808", "2147483648", "0", "-1"])
def test_referral_ids_out_of_range_are_422(service: Service, path: str, rid: str) -> None:
    response = service.client.get(path.format(rid), headers=service.officer())
    assert response.status_code == 422 and response.json()["detail"][0]["loc"] == ["path", "referral_id"]


def test_decision_on_an_id_out_of_range_is_422(service: Service) -> None:
    response = service.client.post("/officer/referrals/2147483648/decision", headers=service.officer(),
                                   json={"verdict": "admit", "reason": "checked"})
    assert response.status_code == 422


@pytest.mark.parametrize("tid", ["x" * 65, "../etc", "a b"])
def test_transaction_ids_out_of_shape_are_422(service: Service, tid: str) -> None:
    assert service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk()).status_code in (404, 422)
    response = service.client.get("/kiosk/transactions/" + "x" * 65, headers=service.kiosk())
    assert response.status_code == 422


@pytest.mark.parametrize("body", [b"[" * 2000, b'{"document_number": ' + b"[" * 5000, b"\xff\xfe{"])
def test_unparsable_bodies_get_the_documented_422(service: Service, body: bytes) -> None:
    response = service.client.post("/kiosk/transactions", content=body,
                                   headers={**service.kiosk(), "Content-Type": "application/json"})
    assert response.status_code == 422
    assert response.json()["code"] == "INVALID_REQUEST" and response.json()["params"]["field"].startswith("body")


def test_a_kiosk_error_is_a_code_never_a_sentence(service: Service, cards: Cards) -> None:
    response = service.client.post("/kiosk/transactions", json=cards.holder.body(card="not base64!"),
                                   headers=service.kiosk())
    assert response.status_code == 422 and response.json() == {"code": "INVALID_UPLOAD", "params": {}}


def _referral_with_chip_photo(service: Service, photo: bytes) -> int:
    with service.runtime.db.sessions.begin() as s:
        txn = TransactionRepository(s).create("gate-a")
        TransactionRepository(s).decide(txn.id, "REFER", ["PASSIVE_AUTH_FAILED"])
        referral = ReferralRepository(s).open(txn.id, ["PASSIVE_AUTH_FAILED"])
        CaptureVault(s, service.runtime.cipher).store(txn.id, "chip_face", photo)
    return referral.id


@pytest.mark.parametrize(("photo", "placeholder"), [
    (b"DG2 of a forged chip: no image at all", True), (_image("1", "PNG"), True), (b"\xff\xd8\xff\xe0", True),
    (_image("RGB", "PNG"), False), (_image("RGB", "JPEG"), False)])
def test_the_officer_sees_a_placeholder_for_an_undecodable_chip_photo(service: Service, photo: bytes,
                                                                      placeholder: bool) -> None:
    rid = _referral_with_chip_photo(service, photo)
    response = service.client.get(f"/officer/referrals/{rid}/captures/chip_face", headers=service.officer())
    assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
    assert response.headers["x-image-placeholder"] == ("true" if placeholder else "false")
    assert decode_image(response.content).source_format == "JPEG"


def test_frames_to_a_made_up_transaction_are_refused_before_decoding(service: Service) -> None:
    junk = [("frames", (f"f{n}.jpg", b"\xff\xd8\xff\xe0" + bytes(1000), "image/jpeg")) for n in range(3)]
    response = service.client.post("/kiosk/transactions/made-up-id/frames", files=junk, headers=service.kiosk())
    assert response.status_code == 404  # not 422: the junk was never decoded


def test_a_12_mp_frame_is_decided_on_a_bounded_frame(service: Service, cards: Cards, world: World) -> None:
    tid = service.start(cards.holder)["transaction_id"]
    small = decode_image(world.photo("obama-480p.jpg")).rgb
    big = np.asarray(Image.fromarray(small).resize((4000, 3000)))
    out = io.BytesIO()
    Image.fromarray(big).save(out, "JPEG", quality=80)
    assert service.frames(tid, out.getvalue())["decision"] == "OPEN"
