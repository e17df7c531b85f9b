"""The in-flight registry: per-gate keys, one claimant, expiry, and the live stage while running."""

from __future__ import annotations

from typing import Any, cast

from gate.orchestrator import GateController
from gate.service.in_flight import TransactionRegistry
from gate.steps import TransactionContext
from gate.transaction import Stage


def _context(transaction_id: str) -> TransactionContext:
    return TransactionContext(transaction_id, cast(Any, None), cast(Any, None), stage=Stage.CAPTURE)


def test_claims_are_per_gate_single_and_expire() -> None:
    now = [0.0]
    registry = TransactionRegistry(ttl_s=10, clock=lambda: now[0])
    controller = cast(GateController, object())
    registry.put("gate-a", controller, _context("t1"))
    registry.put("gate-b", controller, _context("t2"))
    assert registry.claim("gate-b", "t1") is None  # another gate's transaction
    entry = registry.claim("gate-a", "t1")
    assert entry is not None and registry.claim("gate-a", "t1") is None  # one claimant
    entry.context.stage = Stage.FACE
    assert registry.stage("gate-a", "t1") is Stage.FACE and registry.count("gate-a") == 1
    registry.done(entry)
    assert registry.stage("gate-a", "t1") is None and registry.count("gate-a") == 0
    now[0] = 11
    assert registry.claim("gate-b", "t2") is None  # expired: only the sweeper gets it
    (expired,) = registry.expired()
    assert expired.context.transaction_id == "t2" and registry.expired() == []
    assert registry.stage("gate-b", "t2") is Stage.CAPTURE  # being finished
    registry.done(expired)
    assert registry.drain() == [] and registry.count("gate-b") == 0


def test_a_decided_transaction_is_no_longer_counted_while_its_decision_is_recorded() -> None:
    registry = TransactionRegistry(ttl_s=10)
    registry.put("gate-a", cast(GateController, object()), _context("t1"))
    entry = registry.claim("gate-a", "t1")
    assert entry is not None and registry.count("gate-a") == 1
    entry.context.stage = Stage.DECIDED  # the run decided; recording or deferring it is still under way
    assert registry.count("gate-a") == 0
    assert registry.stage("gate-a", "t1") is Stage.DECIDED  # still held: recovery does not touch it
    registry.done(entry)
    assert registry.stage("gate-a", "t1") is None
