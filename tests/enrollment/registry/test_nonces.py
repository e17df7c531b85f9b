"""The registry remembers accepted desk-request nonces for their window, in its database: a replay is
refused after a restart too, an expired nonce is forgotten, and a flood is refused rather than forgotten."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from enrollment.registry.api import create_registry_app
from enrollment.registry.desk_requests import sign_request
from enrollment.registry.nonces import MemoryNonces, NonceFlood, SqlNonces
from tests.enrollment.desk.packetkit import NOW, make_pki
from tests.enrollment.registry.registrykit import make_registry

NONCE = "ab" * 16


def test_a_request_replayed_after_a_registry_restart_is_refused(tmp_path: Path) -> None:
    pki = make_pki()
    path = "/v1/applications/" + "1" * 32
    headers = sign_request(pki.desk, "GET", path, b"", NOW)
    with TestClient(create_registry_app(make_registry(pki, tmp_path), clock=lambda: NOW)) as first:
        assert first.get(path, headers=headers).status_code == 404  # authenticated; no such application
    with TestClient(create_registry_app(make_registry(pki, tmp_path), clock=lambda: NOW)) as restarted:
        replay = restarted.get(path, headers=headers)
        assert (replay.status_code, replay.json()["code"]) == (401, "DESK_AUTH_REPLAYED")
        fresh = sign_request(pki.desk, "GET", path, b"", NOW)
        assert restarted.get(path, headers=fresh).status_code == 404


@pytest.mark.parametrize("store", ["memory", "sql"])
def test_a_nonce_is_refused_until_its_time_then_forgotten(store: str, tmp_path: Path) -> None:
    nonces = MemoryNonces() if store == "memory" else SqlNonces(create_engine(f"sqlite:///{tmp_path / 'n.db'}"))
    assert nonces.claim(NONCE, now=1000.0, until=1600.0)
    assert not nonces.claim(NONCE, now=1599.0, until=2199.0)
    assert nonces.claim("cd" * 16, now=1599.0, until=2199.0)
    assert nonces.claim(NONCE, now=1601.0, until=2201.0)  # its window has passed: no longer a replay
    assert not nonces.claim(NONCE, now=1602.0, until=2202.0)


def test_a_full_sql_table_refuses_every_claim_until_rows_expire_whatever_the_sweep_period(tmp_path: Path) -> None:
    nonces = SqlNonces(create_engine(f"sqlite:///{tmp_path / 'n.db'}"), limit=3, sweep_every=4)
    outcomes: list[bool | None] = []
    for i in range(12):
        try:
            outcomes.append(nonces.claim(f"{i:032x}", now=10.0, until=20.0))
        except NonceFlood:
            outcomes.append(None)
    assert outcomes[:3] == [True, True, True] and outcomes.count(True) <= 3 + 4 - 1
    assert outcomes[-4:] == [None] * 4  # once found full, every claim counts and is refused
    assert nonces.claim(f"{99:032x}", now=30.0, until=40.0)  # the live ones have expired: room again


@pytest.mark.parametrize("store", ["memory", "sql"])
def test_a_flood_of_live_nonces_is_refused_and_expired_ones_make_room(store: str, tmp_path: Path) -> None:
    nonces = (MemoryNonces(limit=3) if store == "memory"
              else SqlNonces(create_engine(f"sqlite:///{tmp_path / 'n.db'}"), limit=3, sweep_every=1))
    for i in range(3):
        assert nonces.claim(f"{i:032x}", now=10.0, until=20.0)
    with pytest.raises(NonceFlood):
        nonces.claim(f"{9:032x}", now=11.0, until=21.0)
    assert nonces.claim(f"{8:032x}", now=30.0, until=40.0)  # the first three have expired
