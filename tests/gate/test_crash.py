"""Crash safety: a gate process killed in the middle of transactions leaves a verifiable audit chain, and
every decision in the database has its audit record (the decision and its record commit together)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from gate.audit import verify_gate
from gate.store import TransactionRepository
from gate.store.database import open_database
from gate.store.db import sqlite_url

WORKER = """
import sys
from pathlib import Path
from gate.demo import now_utc, prepare, run_traveller
from gate.settings import Settings
settings = Settings(shared=Path(sys.argv[2]).parents[2])
runtime, key, travellers = prepare(settings, Path(sys.argv[1]), now_utc())
print("ready", flush=True)
while True:
    for traveller in travellers:
        result, _ = run_traveller(runtime, key, traveller)
        print(result.decision.verdict.value, flush=True)
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.05, 0.4])
def test_killed_gate_leaves_a_verifiable_chain(tmp_path: Path, face_samples: Path, delay: float) -> None:
    workdir = tmp_path / "gate"
    env = {**os.environ, "EGATE_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(workdir), str(face_samples)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    decided = [proc.stdout.readline().strip() for _ in range(2)]
    assert decided[0] in {"OPEN", "REFER", "REJECT"}
    time.sleep(delay)  # somewhere inside the next transaction
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    db = open_database(sqlite_url(workdir / "egate.db"))
    try:
        report = verify_gate(db.sessions, "gate-01")
        assert report.ok, report.first_bad
        with db.sessions() as session:
            transactions = TransactionRepository(session).recent(limit=1000)
        decisions = {t.id: t.decision for t in transactions if t.decision is not None}
        assert len(decisions) >= 2
        with db.sessions() as session:
            from gate.store.audit_repo import AuditRepository

            bodies = [json.loads(r.body) for r in AuditRepository(session).chain("gate-01")]
        audited = {b["transaction_id"]: b["decision"] for b in bodies if b["event_type"] == "decision"}
        assert audited == decisions  # no decision without its record, no record without the decision
    finally:
        db.dispose()
