"""An exception carries a photo: the clerk photographs the missing finger, the supervisor sees it when
signing off; it travels in the packet to the registry and is kept encrypted with the case until issuance; refused for a
slot without an exception, an unreadable image, or a case no longer a draft."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from enrollment.desk.case_packet import packet_contents
from tests.conftest import require
from tests.gate.api.desk_fixtures import Desk, desk  # noqa: F401  (the fixture)


def png(colour: tuple[int, int, int] = (200, 120, 90)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, format="PNG")
    return out.getvalue()


def photo(d: Desk, case_id: str, slot: str, data: bytes, who: str = "clerk-lan") -> tuple[int, str]:
    response = d.post(f"/cases/{case_id}/exceptions/{slot}/photo", who, files={"image": ("hand.png", data)})
    return response.status_code, (response.json().get("code") or "") if response.status_code != 200 else ""


def test_the_supervisor_sees_the_photo_of_an_excepted_finger(desk: Desk, shared_dir: Path) -> None:  # noqa: F811
    casia = require(shared_dir / "data" / "iris" / "casia-iris-v1")
    case_id = desk.open()
    assert photo(desk, case_id, "finger:2", png()) == (422, "EXCEPTION_NOT_FOUND")
    desk.post(f"/cases/{case_id}/exceptions/finger:2", json={"code": "FINGER_MISSING"})
    assert photo(desk, case_id, "finger:2", b"not an image") == (422, "IMAGE_UNREADABLE")
    assert photo(desk, case_id, "finger:2", png(), "officer") == (403, "DESK_ROLE_REQUIRED")
    assert photo(desk, case_id, "finger:2", png()) == (200, "")
    seen = desk.client.get(f"/desk/cases/{case_id}/exceptions/finger:2/photo", headers=desk.auth("sup-hoa"))
    assert (seen.status_code, seen.headers["content-type"], seen.content) == (200, "image/png", png())
    assert desk.post(f"/cases/{case_id}/exceptions/finger:2/sign-off", "sup-hoa").status_code == 200
    assert photo(desk, case_id, "finger:2", png((9, 9, 9))) == (409, "EXCEPTION_ALREADY_SIGNED_OFF")
    assert desk.capture(case_id, "face", desk.portrait()).json()["accepted"]
    eye = (casia / "33" / "033_1_1.jpg").read_bytes()
    assert desk.capture(case_id, "iris/right", eye).json()["accepted"]
    assert desk.post(f"/cases/{case_id}/complete").json()["state"] == "captured"
    assert photo(desk, case_id, "finger:2", png((1, 2, 3))) == (409, "CASE_NOT_DRAFT")
    service = desk.client.app.state.services.desk  # type: ignore[attr-defined]
    contents = packet_contents(service.cases.load(case_id, samples=True))
    assert contents.finger_images == {} and contents.exceptions == {"finger:2": "FINGER_MISSING"}
    assert contents.exception_photos == {"finger:2": png()}
    case = desk.post(f"/cases/{case_id}/submit").json()
    assert case["state"] == "dedup_pending", case
    still = desk.client.get(f"/desk/cases/{case_id}/exceptions/finger:2/photo", headers=desk.auth("sup-hoa"))
    assert still.status_code == 200  # kept after upload, for the record of the sign-off
    desk.post(f"/cases/{case_id}/approve", "sup-hoa")
    assert desk.post(f"/cases/{case_id}/issue").status_code == 200
    gone = desk.client.get(f"/desk/cases/{case_id}/exceptions/finger:2/photo", headers=desk.auth("sup-hoa"))
    assert gone.status_code == 404
