"""Crash safety: a writer killed with SIGKILL at a random moment leaves a verifiable chain, and a new
writer continues it. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from gate.audit import keyring, load_or_create_signing_key, verify_gate
from gate.store import Database

REPO_ROOT = Path(__file__).resolve().parents[3]

WRITER = """
import sys
from pathlib import Path
from gate.audit import AuditEvent, AuditLog, CheckRecord, load_or_create_signing_key
from gate.store import create_db_engine, session_factory

url, key_path = sys.argv[1], Path(sys.argv[2])
engine = create_db_engine(url)
log = AuditLog(session_factory(engine), "gate-crash", load_or_create_signing_key(key_path))
log.register_gate()
event = AuditEvent(event_type="decision", transaction_id="tx", decision="REFER",
                   checks=(CheckRecord(kind="pa", result="fail", code="PA_SOD_SIGNATURE"),))
for i in range(100_000):
    log.append(event)
    if i == 0:
        print("ready", flush=True)
"""


def _run_and_kill(url: str, key_path: Path, rng: random.Random) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT)}
    process = subprocess.Popen([sys.executable, "-c", WRITER, url, str(key_path)],
                               stdout=subprocess.PIPE, text=True, env=env)
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.05, 0.4))
        assert process.poll() is None, "the writer finished before it could be killed"
    finally:
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL


def test_killed_writer_leaves_a_verifiable_chain(db: Database, tmp_path: Path) -> None:
    key_path = tmp_path / "gate.pem"
    keys = keyring([load_or_create_signing_key(key_path).public_key()])
    rng = random.Random()
    checked = 0
    for _ in range(2):  # the second writer continues the chain the first one left behind
        _run_and_kill(db.url, key_path, rng)
        report = verify_gate(db.sessions, "gate-crash", keys)
        assert report.ok, str(report.first_bad)
        assert report.checked > checked
        checked = report.checked
