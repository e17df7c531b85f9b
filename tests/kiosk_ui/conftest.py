"""The pages against a live server: uvicorn in a thread on a free port, the real gate behind it."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn

from gate.api import create_app
from gate.assembly import GateRuntime
from gate.store import GateRepository, OfficerRepository
from tests.gate.api.conftest import CHEAP, PASSWORD, ROLES, api_settings, cards  # noqa: F401
from tests.gate.conftest import GateFactory, make_gate, world  # noqa: F401


@dataclass(frozen=True)
class LiveServer:
    url: str
    runtime: GateRuntime
    gate_key: str


@pytest.fixture
def live_server(make_gate: GateFactory) -> Iterator[LiveServer]:  # noqa: F811
    runtime = make_gate()
    with runtime.db.sessions.begin() as session:
        _, gate_key = GateRepository(session).create("gate-a", "gate-a")
        for role in ROLES:
            OfficerRepository(session, CHEAP).create(role, PASSWORD, role)
    app = create_app(lambda: runtime, api=api_settings(), hasher=CHEAP)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started, "uvicorn did not start"
    port = server.servers[0].sockets[0].getsockname()[1]
    yield LiveServer(f"http://127.0.0.1:{port}", runtime, gate_key)
    server.should_exit = True
    thread.join(10)
