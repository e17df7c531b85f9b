"""The heartbeat: a live process keeps what it holds touched, so recovery in another process closes a dead
process's transactions after a few missed beats instead of a transaction's whole possible life — but
only while its own beats run unbroken, and never a transaction a live process holds."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from sqlalchemy import event

from enrollment.icao.card_file import dumps
from gate.finish_outbox import FinishOutbox
from gate.service.container import build_services
from gate.service.heartbeat import MISSED_BEATS, Heartbeat
from gate.service.in_flight import TransactionRegistry
from gate.service.recovery import RecoveryService
from gate.store import TransactionRepository
from gate.store.models import TransactionRow
from tests.gate.api.conftest import CHEAP, api_settings, issue, serve
from tests.gate.conftest import GateFactory, World

BEAT_S = 10.0
LIFE = timedelta(seconds=200)  # TTL + capture budget + grace: the bound without a heartbeat


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _age(service_db: object, ids: list[str], seconds: float) -> None:
    """As if nothing had touched these transactions for ``seconds``."""
    with service_db.sessions.begin() as session:  # type: ignore[attr-defined]
        for tid in ids:
            session.get(TransactionRow, tid).updated_at = datetime.now(UTC) - timedelta(seconds=seconds)


def _decision(db: object, tid: str) -> tuple[str | None, tuple[str, ...]]:
    with db.sessions() as s:  # type: ignore[attr-defined]
        txn = TransactionRepository(s).get(tid)
        return txn.decision, txn.reasons


def test_a_dead_process_is_found_after_missed_beats_a_live_one_never(make_gate: GateFactory, world: World) -> None:
    holder, other = issue(world, "001089012345"), issue(world, "001089054321")
    for service in serve(make_gate, heartbeat_s=BEAT_S):
        db = service.runtime.db
        live = str(service.start(holder)["transaction_id"])  # held by this (live) process
        # another process on the same database opened a transaction, then died (kill -9): nobody holds it
        crashed = build_services(service.runtime, api_settings(), CHEAP)
        dead = crashed.kiosk.start("gate-b", other.key, dumps(other.image)).transaction_id
        assert crashed.kiosk.in_flight("gate-b") == 1
        del crashed

        # a third process, recovering: it holds nothing; its heartbeat clock is under the test's control
        registry, clock = TransactionRegistry(120.0), Clock()
        beat = Heartbeat(db, registry, every_s=BEAT_S, clock=clock)
        recovery = RecoveryService(service.services.fleet, registry, FinishOutbox(), stale_after=LIFE,
                                   heartbeat=beat)
        missed = MISSED_BEATS * BEAT_S
        _age(db, [live, dead], missed + 30)  # longer than the missed beats, far below a whole life
        assert beat.beat() and not beat.steady()
        assert recovery.abandoned_after() == LIFE  # just started: the others may not have beaten yet
        assert recovery.run_once().interrupted == 0

        live_beat = service.services.recovery.heartbeat
        assert live_beat is not None and live_beat.beat()  # the live process beats: its transaction is fresh
        clock.now += missed
        assert beat.beat() and beat.steady()
        assert recovery.abandoned_after() == timedelta(seconds=missed)
        assert recovery.run_once().interrupted == 1
        assert _decision(db, dead) == ("REFER", ("INTERRUPTED",))
        assert _decision(db, live) == (None, ())
        status = service.client.get(f"/kiosk/transactions/{live}", headers=service.kiosk())
        assert status.json()["stage"] == "capture"  # the traveller carries on


def test_a_broken_run_of_beats_falls_back_to_the_whole_life(make_gate: GateFactory) -> None:
    runtime = make_gate()
    registry, clock = TransactionRegistry(120.0), Clock()
    beat = Heartbeat(runtime.db, registry, every_s=BEAT_S, clock=clock)
    assert beat.beat()
    clock.now += MISSED_BEATS * BEAT_S
    assert beat.steady()

    def fail(*_args: object) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    event.listen(runtime.db.engine, "before_cursor_execute", fail)  # the database goes away
    try:
        assert not beat.beat() and not beat.steady()
    finally:
        event.remove(runtime.db.engine, "before_cursor_execute", fail)
    assert beat.beat() and not beat.steady()  # back: the others get their missed beats' time again
    clock.now += MISSED_BEATS * BEAT_S - 1
    assert not beat.steady()
    clock.now += 1
    assert beat.steady()
