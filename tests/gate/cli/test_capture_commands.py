from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from gate.cli.main import app
from gate.store import CaptureVault, OfficerRepository, ReferralRepository
from tests.gate.audit.chain_helpers import stored_chain
from tests.gate.conftest import GateFactory, World, devices


def test_purge_removes_captures_once_the_officer_decided(world: World, make_gate: GateFactory,
                                                         tmp_path: Path) -> None:
    gate = make_gate(home=tmp_path / "home")
    card, key = world.issue()
    ctx = gate.controller.start(devices(card, [world.photo("biden.jpg")]), key)
    result = gate.controller.run(ctx)
    assert result is not None and result.decision.verdict.value == "REFER"
    tid = result.transaction_id

    runner = CliRunner()
    env = {"EGATE_HOME": str(tmp_path / "home")}
    first = runner.invoke(app, ["captures", "purge"], env=env)
    assert first.exit_code == 0 and "purged 0 capture(s)" in first.output  # referral still open: kept

    with gate.db.sessions.begin() as s:
        referral = ReferralRepository(s).for_transaction(tid)
        assert referral is not None
        OfficerRepository(s).create("officer-1", "a long enough password", "officer")
        ReferralRepository(s).decide(referral.id, "officer-1", "admit", "same person, new haircut")
    second = runner.invoke(app, ["captures", "purge"], env=env)
    # both images, the biographic data and the quality measurements
    assert second.exit_code == 0 and "purged 4 capture(s) of 1 transaction(s)" in second.output
    with gate.db.sessions() as s:
        assert CaptureVault(s, gate.cipher).for_transaction(tid) == []
    events = stored_chain(gate.db)
    assert any(e["event_type"] == "capture_purged" and e["transaction_id"] == tid for e in events)
