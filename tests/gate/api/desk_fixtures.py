"""The HTTP service with its enrolment desk: clerks, supervisors, a gate officer, the test PKI as the
Document Signer, the face-only de-duplication double; captures of one finger and one eye (speed)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
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
        yield Desk(client, world, {})


@pytest.fixture
def desk(make_gate: GateFactory, world: World) -> Iterator[Desk]:
    yield from serve_desk(make_gate, world, FaceDeduplicator(world.pipeline))
