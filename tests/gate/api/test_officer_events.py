"""The live event stream against a real server (uvicorn): tickets are single-use, single-purpose and
short-lived; the stream starts with a snapshot, pushes lane and alarm events with ids, and a reconnect
with Last-Event-ID gets exactly the events after it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx

from gate.service.lanes_tickets import TicketBook
from gate.service.tokens import TokenClaims
from tests.gate.api.conftest import PASSWORD
from tests.kiosk_ui.conftest import LiveServer, live_server  # noqa: F401


def _token(server: LiveServer, role: str = "officer") -> str:
    response = httpx.post(f"{server.url}/auth/token", data={"username": role, "password": PASSWORD})
    return str(response.json()["access_token"])


def _ticket(server: LiveServer, token: str) -> str:
    response = httpx.post(f"{server.url}/officer/events/ticket", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    return str(response.json()["ticket"])


def _events(lines: Iterator[str]) -> Iterator[dict[str, Any]]:
    event: dict[str, Any] = {}
    for line in lines:
        if line == "" and "event" in event:
            yield event
            event = {}
        elif line.startswith(("id:", "event:", "data:")):
            name, _, value = line.partition(":")
            event[name] = json.loads(value) if name == "data" else value.strip()


def test_tickets_are_single_use_and_single_purpose(live_server: LiveServer) -> None:  # noqa: F811
    url = live_server.url
    assert httpx.post(f"{url}/officer/events/ticket").status_code == 401
    token = _token(live_server)
    ticket = _ticket(live_server, token)
    assert httpx.get(f"{url}/officer/lanes", headers={"Authorization": f"Bearer {ticket}"}).status_code == 401
    assert httpx.get(f"{url}/officer/events", params={"ticket": token}).status_code == 401  # a token is no ticket
    assert httpx.get(f"{url}/officer/events", params={"ticket": ticket[:-2] + "xx"}).status_code == 401
    with httpx.stream("GET", f"{url}/officer/events", params={"ticket": ticket}, timeout=30) as first:
        assert first.status_code == 200 and first.headers["content-type"].startswith("text/event-stream")
    assert httpx.get(f"{url}/officer/events", params={"ticket": ticket}).status_code == 401  # used once
    revoked = _ticket(live_server, token)
    httpx.post(f"{url}/auth/sign-out", headers={"Authorization": f"Bearer {token}"})
    assert httpx.get(f"{url}/officer/events", params={"ticket": revoked}).status_code == 401  # signed out


def test_tickets_expire() -> None:
    now = [1000.0]
    book = TicketBook(b"k" * 32, ttl_s=30, clock=lambda: now[0])
    claims = TokenClaims("officer", "jti", 99999)
    ticket = book.issue(claims)
    now[0] += 31
    assert book.redeem(ticket) is None
    assert book.redeem(book.issue(claims)) == claims
    assert TicketBook(b"x" * 32).redeem(book.issue(claims)) is None  # another key


def test_snapshot_then_events_then_resume(live_server: LiveServer) -> None:  # noqa: F811
    url = live_server.url
    token = _token(live_server)
    supervisor = {"Authorization": f"Bearer {_token(live_server, 'supervisor')}"}
    lock = {"action": "lock", "reason_code": "MAINTENANCE"}
    with httpx.stream("GET", f"{url}/officer/events", params={"ticket": _ticket(live_server, token)},
                      timeout=30) as stream:
        events = _events(stream.iter_lines())
        snapshot = next(events)
        assert snapshot["event"] == "snapshot"
        lane = next(g for g in snapshot["data"]["lanes"] if g["gate_id"] == "gate-a")
        assert lane["mode"] == "open" and lane["doors"] == {"entry": "locked", "exit": "locked"}
        assert httpx.post(f"{url}/officer/lanes/gate-a/control", json=lock, headers=supervisor).status_code == 200
        locked = next(e for e in events if e["event"] == "lane" and e["data"]["mode"] == "locked")
        assert locked["data"]["gate_id"] == "gate-a"
    epoch, seq = locked["id"].split(".")
    assert epoch == snapshot["id"].split(".")[0] and int(seq) > int(snapshot["id"].split(".")[1])
    reopen = {"action": "reopen", "reason_code": "OTHER"}
    assert httpx.post(f"{url}/officer/lanes/gate-a/control", json=reopen, headers=supervisor).status_code == 200
    headers = {"Last-Event-ID": locked["id"]}
    with httpx.stream("GET", f"{url}/officer/events", params={"ticket": _ticket(live_server, token)},
                      headers=headers, timeout=30) as stream:
        resumed = _events(stream.iter_lines())
        first = next(resumed)
        assert first["event"] != "snapshot" and int(first["id"].split(".")[1]) == int(seq) + 1  # what followed
        if first["data"].get("mode") != "open":
            assert any(e["event"] == "lane" and e["data"]["mode"] == "open" for e in resumed)
    stale = {"resume": "other-epoch.5", "ticket": _ticket(live_server, token)}
    with httpx.stream("GET", f"{url}/officer/events", params=stale, timeout=30) as stream:
        assert next(_events(stream.iter_lines()))["event"] == "snapshot"  # unknown id: start again from a snapshot
