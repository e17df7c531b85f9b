"""The database goes away while a traveller waits for the camera (TTL 4 s): every request gets 503 with an
error code, the timeout sweep's referral waits in the outbox, and once the database is back the referral,
its decision record and a verifiable chain are there — nothing lost. On both backends: SQLite with I/O
errors injected at the driver, PostgreSQL refusing connections for real."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from gate.audit import verify_gate
from gate.store import AuditRepository, ReferralRepository, TransactionRepository
from tests.gate.api.conftest import Cards, Service, serve
from tests.gate.conftest import GateFactory
from tests.gate.store.db_fixtures import PG_ADMIN_URL, _libpq, fresh_database

Outage = Callable[[], Any]


def _until(condition: Callable[[], bool], what: str, limit_s: float = 60.0) -> None:
    deadline = time.monotonic() + limit_s
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.2)


@contextmanager
def _sqlite_outage(service: Service) -> Iterator[None]:
    def fail(*_args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    event.listen(service.runtime.db.engine, "before_cursor_execute", fail)
    try:
        yield
    finally:
        event.remove(service.runtime.db.engine, "before_cursor_execute", fail)


@contextmanager
def _postgres_outage(url: str) -> Iterator[None]:
    name = make_url(url).database
    with psycopg.connect(_libpq(PG_ADMIN_URL), autocommit=True) as admin:
        admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,))
        try:
            yield
        finally:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


@pytest.fixture
def fresh_pg() -> Iterator[str]:
    yield from fresh_database("egate_outage")


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_a_sweep_during_an_outage_loses_nothing(backend: str, request: pytest.FixtureRequest, cards: Cards,
                                                make_gate: GateFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    if backend == "postgresql":
        monkeypatch.setenv("EGATE_STORE__DATABASE_URL", request.getfixturevalue("fresh_pg"))
    for service in serve(make_gate, transaction_ttl_s=4.0):
        assert service.runtime.db.url.startswith(backend)
        started = service.start(cards.holder)
        tid = str(started["transaction_id"])
        assert started["stage"] == "capture"
        outbox = service.services.fleet.outbox
        in_flight_when_deferred: list[int] = []
        add = outbox.add

        def add_and_look(pending: Any) -> None:  # the sweep's thread, the moment the referral is deferred
            add(pending)  # noqa: B023
            in_flight_when_deferred.append(service.services.kiosk.in_flight("gate-a"))  # noqa: B023

        monkeypatch.setattr(outbox, "add", add_and_look)
        outage = _sqlite_outage(service) if backend == "sqlite" else _postgres_outage(service.runtime.db.url)
        with outage:
            assert service.services.kiosk.in_flight("gate-a") == 1  # the outage began before the TTL ran out
            for response in (service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk()),
                             service.client.post("/kiosk/transactions", json=cards.other.body(),
                                                 headers=service.kiosk())):
                assert response.status_code == 503, response.text
                assert response.json()["code"] == "DATABASE_UNAVAILABLE" and "Retry-After" in response.headers
            _until(lambda: tid in outbox, "the expired transaction's referral deferred to the outbox")  # noqa: B023
            assert service.services.kiosk.in_flight("gate-a") == 0
            assert in_flight_when_deferred == [0]  # in the outbox means no longer in flight, never both
        _until(lambda: tid not in outbox, "the deferred referral recorded after the outage")  # noqa: B023

        with service.runtime.db.sessions() as s:
            txn = TransactionRepository(s).get(tid)
            assert txn.decision == "REFER" and "SYSTEM_ERROR" in txn.reasons
            assert ReferralRepository(s).for_transaction(tid) is not None
            kinds = [r.event_type for r in AuditRepository(s).for_transaction(tid)]
        assert kinds.count("decision") == 1 and kinds.count("referral_opened") == 1
        assert verify_gate(service.runtime.db.sessions, "gate-a").ok
        status = service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk())
        assert status.status_code == 200 and status.json()["decision"] == "REFER"
