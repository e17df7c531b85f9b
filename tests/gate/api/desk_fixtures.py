"""The HTTP service with its enrolment desk: clerks, supervisors, a gate officer, the test PKI as the
Document Signer, the face-only de-duplication double; captures of one finger and one eye (speed). Each clerk
has enrolled a reference portrait (a clerk without one may not open a case): another man's face than the
applicants' (LFW's Antonio Banderas, framed), so that no applicant is the operator unless a test says so."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from enrollment.registry.ports import Deduplicator
from gate.api import create_app
from gate.settings import DeskSettings
from gate.store import OfficerRepository, Role
from tests.enrollment.desk.applicants import form
from tests.enrollment.desk.portraits import framed
from tests.gate.api.conftest import CHEAP, PASSWORD, api_settings
from tests.gate.conftest import GateFactory, World
from tests.gate.desk_doubles import FaceDeduplicator

CLERK_FACE = Path("lfw/lfw-deepfunneled/Antonio_Banderas/Antonio_Banderas_0001.jpg")  # under data/faces
ACCOUNTS: dict[str, Role] = {"clerk-lan": "clerk", "clerk-minh": "clerk", "sup-hoa": "supervisor",
                             "sup-duc": "supervisor", "officer": "officer", "admin": "admin"}


@dataclass
class Desk:
    client: TestClient
    world: World
    tokens: dict[str, str]

    def auth(self, who: str) -> dict[str, str]:
        if who not in self.tokens:
            response = self.client.post("/auth/token", data={"username": who, "password": PASSWORD})
            assert response.status_code == 200, response.text
            self.tokens[who] = response.json()["access_token"]
        return {"Authorization": f"Bearer {self.tokens[who]}"}

    def post(self, path: str, who: str = "clerk-lan", **kw: Any) -> Any:
        return self.client.post(f"/desk{path}", headers=self.auth(who), **kw)

    def open(self, who: str = "clerk-lan", **changes: str) -> str:
        case_id: str = self.post("/cases", who, json={"consent": True}).json()["id"]
        response = self.client.put(f"/desk/cases/{case_id}/demographics", headers=self.auth(who), json=form(**changes))
        assert response.status_code == 200, response.text
        return case_id

    def capture(self, case_id: str, part: str, data: bytes, who: str = "clerk-lan") -> Any:
        return self.post(f"/cases/{case_id}/captures/{part}", who, files={"image": ("capture", data)})

    def portrait(self, eye_distance: float = 130.0) -> bytes:
        return framed(self.world.photo("obama.jpg"), self.world.pipeline, eye_distance=eye_distance)


_PORTRAITS: dict[int, bytes] = {}


def clerk_portrait(world: World) -> bytes:
    """A clerk's own face (not an applicant's), framed like a webcam shot; made once per session."""
    path = world.samples.parent / CLERK_FACE
    if not path.is_file():
        pytest.skip(f"needs {CLERK_FACE} in ../shared/data/faces (the clerks' own portraits)")
    if id(world) not in _PORTRAITS:
        _PORTRAITS[id(world)] = framed(path.read_bytes(), world.pipeline)
    return _PORTRAITS[id(world)]


def enrol_clerks(d: Desk) -> None:
    """Every clerk's reference portrait, through the API (the issuance face gate)."""
    for name in (n for n, role in ACCOUNTS.items() if role == "clerk"):
        enrolled = d.client.put("/desk/operator-face", headers=d.auth(name),
                                files={"image": ("me.jpg", clerk_portrait(d.world))})
        assert enrolled.status_code == 204, enrolled.text


def serve_desk(make_gate: GateFactory, world: World, dedup: Deduplicator | None,
               **desk: object) -> Iterator[Desk]:
    runtime = make_gate(finger_extractor="mindtct")
    values: dict[str, object] = {"fingers": [2], "eyes": ["right"], "pki": world.pki.root, **desk}
    runtime.settings.desk = DeskSettings(**values)  # type: ignore[arg-type]
    with runtime.db.sessions.begin() as session:
        for name, role in ACCOUNTS.items():
            OfficerRepository(session, CHEAP).create(name, PASSWORD, role)
    app = create_app(lambda: runtime, api=api_settings(), hasher=CHEAP, deduplicator=dedup)
    with TestClient(app) as client:
        d = Desk(client, world, {})
        enrol_clerks(d)
        yield d


@pytest.fixture
def desk(make_gate: GateFactory, world: World) -> Iterator[Desk]:
    yield from serve_desk(make_gate, world, FaceDeduplicator(world.pipeline))
