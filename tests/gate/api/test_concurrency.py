"""Several gates at once: each transaction keeps its own state, gate and audit chain."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from gate.audit import verify_gate
from gate.store import AuditRepository, TransactionRepository
from tests.gate.api.conftest import Card, Cards, Service, serve
from tests.gate.conftest import GateFactory, World


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def fleet(request: pytest.FixtureRequest, make_gate: GateFactory, monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    """The service on SQLite, and on a PostgreSQL database of its own (skipped when unreachable)."""
    if request.param == "postgresql":
        monkeypatch.setenv("EGATE_STORE__DATABASE_URL", request.getfixturevalue("pg_url"))
    for service in serve(make_gate):
        assert service.runtime.db.url.startswith(request.param)
        yield service


def test_concurrent_transactions_on_several_gates(fleet: Service, cards: Cards, world: World) -> None:
    service = fleet
    service.officer()  # warm the client before the threads start
    plan: list[tuple[str, Card, bytes | None, str]] = [
        ("gate-a", cards.holder, world.photo("obama-480p.jpg"), "OPEN"),
        ("gate-b", cards.other, world.photo("biden.jpg"), "REFER"),
        ("gate-a", cards.swapped, None, "REFER"),  # decided at the document (and a second one on gate-a)
        ("gate-b", Card(cards.other.image, cards.holder.key), None, "REJECT"),  # wrong MRZ for that chip
    ]
    barrier = threading.Barrier(len(plan))

    def traveller(step: tuple[str, Card, bytes | None, str]) -> tuple[str, str, dict[str, object]]:
        gate, card, frame, _ = step
        barrier.wait()
        started = service.start(card, gate=gate)
        barrier.wait()  # every transaction is in flight before any frames arrive
        tid = str(started["transaction_id"])
        if frame is None:
            return gate, tid, started
        return gate, tid, service.frames(tid, frame, gate=gate)

    with ThreadPoolExecutor(len(plan)) as pool:
        outcomes = list(pool.map(traveller, plan))

    assert [o[2]["decision"] for o in outcomes] == [p[3] for p in plan]
    assert len({tid for _, tid, _ in outcomes}) == len(plan)
    with service.runtime.db.sessions() as s:
        for gate, tid, result in outcomes:
            assert result["gate_id"] == gate
            assert TransactionRepository(s).get(tid).gate_id == gate
            assert {r.gate_id for r in AuditRepository(s).for_transaction(tid)} == {gate}
    for gate, tid, _ in outcomes:
        other = "gate-b" if gate == "gate-a" else "gate-a"
        assert service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk(other)).status_code == 404
        mine = service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk(gate)).json()
        assert mine["stage"] == "decided"
    for gate in ("gate-a", "gate-b"):
        report = verify_gate(service.runtime.db.sessions, gate)
        assert report.ok and report.checked > 0
