"""The enrolment desk's page against a live server: the gate runtime with its desk (ten fingers, both eyes,
the test PKI as Document Signer), the registry's real de-duplication (faces, fingers, irises fused), a
clerk (her reference portrait enrolled: another man's face than the applicants'), a new clerk who has enrolled
none yet, two supervisors and an administrator; Chromium with a fake webcam playing a framed portrait."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import cv2
import httpx
import numpy as np
import pytest
import uvicorn
from numpy.typing import NDArray

from enrollment.registry import default_deduplicator
from gate.api import create_app
from gate.assembly import GateRuntime
from gate.settings import DeskSettings
from gate.store import OfficerRepository, Role
from matcher.image import decode_image
from tests.gate.api.conftest import CHEAP, PASSWORD, api_settings
from tests.gate.api.desk_fixtures import clerk_portrait
from tests.gate.conftest import GateFactory, World

ACCOUNTS: dict[str, Role] = {"clerk-lan": "clerk", "clerk-mai": "clerk", "sup-hoa": "supervisor",
                             "sup-duc": "supervisor", "admin": "admin"}
FVC = Path("data/fingerprints/fvc2002/DB1_B")
CASIA = Path("data/iris/casia-iris-v1")


@dataclass(frozen=True)
class DeskServer:
    url: str
    runtime: GateRuntime
    shared: Path

    @contextmanager
    def admin(self) -> Iterator[httpx.Client]:
        with httpx.Client(base_url=self.url, timeout=60) as client:
            answer = client.post("/auth/token", data={"username": "admin", "password": PASSWORD})
            client.headers["Authorization"] = f"Bearer {answer.json()['access_token']}"
            yield client

    def place_fingers(self, images: list[bytes]) -> None:
        """The operator lays finger images on the desk's simulated scanner, one per "scan", in order."""
        with self.admin() as client:
            files = [("images", (f"finger{i}.tif", data)) for i, data in enumerate(images)]
            placed = client.put("/admin/desk/scanners/fingers", files=files)
            assert placed.status_code == 204, placed.text

    def place_eyes(self, right: bytes | None = None, left: bytes | None = None) -> None:
        with self.admin() as client:
            files = {eye: (f"{eye}.jpg", data) for eye, data in (("right", right), ("left", left)) if data}
            placed = client.put("/admin/desk/scanners/iris", files=files)
            assert placed.status_code == 204, placed.text


def serve(runtime: GateRuntime, world: World, shared: Path) -> Iterator[DeskServer]:
    def embed(jpeg: bytes) -> NDArray[np.float32]:
        return world.pipeline.capture(decode_image(jpeg).rgb, allow_several=True).template.vector

    dedup = default_deduplicator(embed, face_model=world.pipeline.model_id, face_dim=world.pipeline.embedder.dim,
                                 face_backend="numpy")
    with runtime.db.sessions.begin() as session:
        for name, role in ACCOUNTS.items():
            OfficerRepository(session, CHEAP).create(name, PASSWORD, role)
    app = create_app(lambda: runtime, api=api_settings(), hasher=CHEAP, deduplicator=dedup)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    with httpx.Client(base_url=url, timeout=60) as client:  # clerk-lan enrolled her portrait long ago
        token = client.post("/auth/token", data={"username": "clerk-lan", "password": PASSWORD}).json()
        enrolled = client.put("/desk/operator-face", headers={"Authorization": f"Bearer {token['access_token']}"},
                              files={"image": ("me.jpg", clerk_portrait(world))})
        assert enrolled.status_code == 204, enrolled.text
    yield DeskServer(url, runtime, shared)
    server.should_exit = True
    thread.join(10)


@pytest.fixture
def desk_server(make_gate: GateFactory, world: World, shared_dir: Path) -> Iterator[DeskServer]:
    if not (shared_dir / FVC).is_dir() or not (shared_dir / CASIA).is_dir():
        pytest.skip("needs FVC2002 DB1_B and CASIA-IrisV1 in ../shared/data")
    runtime = make_gate(finger_extractor="mindtct", finger_mode="required", iris_mode="required")
    # the default policy (ten fingers, both eyes); an issued case keeps its portrait, so that a later
    # duplicate's adjudication shows it beside the new one (purged on issue, it would come from the registry)
    runtime.settings.desk = DeskSettings(pki=world.pki.root, purge_on_issue=False)
    yield from serve(runtime, world, shared_dir)


def webcam_video(photo: bytes, path: Path, seconds: float = 60.0, fps: int = 10) -> Path:
    """A y4m of the photo as it is (its own size, made even), for Chromium's fake webcam."""
    image = cv2.imdecode(np.frombuffer(photo, np.uint8), cv2.IMREAD_COLOR)
    assert image is not None
    height, width = image.shape[0] // 2 * 2, image.shape[1] // 2 * 2
    yuv = cv2.cvtColor(np.ascontiguousarray(image[:height, :width]), cv2.COLOR_BGR2YUV_I420).tobytes()
    with path.open("wb") as out:
        out.write(f"YUV4MPEG2 W{width} H{height} F{fps}:1 Ip A1:1 C420jpeg\n".encode())
        for _ in range(round(seconds * fps)):
            out.write(b"FRAME\n" + yuv)
    return path


def desk_page(server: DeskServer, browser: Any, lang: str = "vi") -> Any:
    context = browser.new_context(viewport={"width": 1366, "height": 900}, permissions=["camera"], locale="vi-VN",
                                  accept_downloads=True)
    page = context.new_page()
    page.goto(f"{server.url}/ui/desk.html")
    page.wait_for_selector("body[data-ready='true']")
    if lang == "en":
        page.click("#lang")
    return page


def sign_in(page: Any, who: str) -> None:
    page.fill("#username", who)
    page.fill("#password", PASSWORD)
    page.click("#signin-form button[type=submit]")
    page.wait_for_selector("#home:not(.hidden)")
