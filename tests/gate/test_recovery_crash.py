"""kill -9 and restart: after recovery no transaction is undecided, each interrupted one is a REFER
(``INTERRUPTED``) with its decision record and referral, the stored stage of each was the last step
whose record committed, the document is free again, and every chain verifies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from enrollment.icao.inspection import AccessKey
from enrollment.icao.pki.directory import PkiLayout
from gate.assembly import build_gate
from gate.audit import AuditEvent, verify_gate
from gate.recording import step_of
from gate.service.container import build_services
from gate.settings import GateSettings, Settings
from gate.store import AuditRepository, ReferralRepository, TransactionRepository
from gate.transaction import Stage
from tests.gate.api.conftest import CHEAP, api_settings
from tests.gate.conftest import World, devices

WORKER = """
import sys
from pathlib import Path
from enrollment.icao.inspection import AccessKey
from enrollment.icao.pki.directory import load_issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.personalise import Applicant, personalise
from gate.demo import chip_photo, holder, now_utc, prepare, run_traveller
from gate.devices.camera import StillImageCamera
from gate.devices.chip_reader import FixedCardReader
from gate.devices.doors import SimulatedDoor
from gate.settings import Settings
from gate.steps import Devices
from gate.transaction import Stage
settings = Settings(shared=Path(sys.argv[2]).parents[2])
workdir = Path(sys.argv[1])
runtime, key, travellers = prepare(settings, workdir, now_utc())
photo = (Path(sys.argv[2]) / "obama2.jpg").read_bytes()
waiting = []
for n in range(2):  # travellers who presented their card and are walking to the camera
    applicant = holder(chip_photo(runtime.controller.pipeline, photo), now_utc())
    applicant = Applicant(**{**applicant.__dict__, "document_number": f"00108907777{n}"})
    card = personalise(applicant, load_issuer(workdir / "pki"), generate_key("ecdsa-p256"), now_utc())
    own = AccessKey(applicant.document_number, applicant.birth_date, applicant.expiry_date)
    ctx = runtime.controller.start(Devices(FixedCardReader(card), StillImageCamera([]), SimulatedDoor("entry"),
                                           SimulatedDoor("exit")), own)
    assert runtime.controller.run(ctx, until=Stage.CAPTURE) is None
    waiting.append(ctx)
    if n == 0:
        import json
        (workdir / "card.json").write_text(json.dumps([applicant.document_number, applicant.birth_date,
                                                       applicant.expiry_date]))
        from enrollment.icao.card_file import dumps
        (workdir / "card.bin").write_bytes(dumps(card))
print("ready", flush=True)
while True:
    for traveller in travellers:
        result, _ = run_traveller(runtime, key, traveller)
        print(result.decision.verdict.value, flush=True)
"""


def _undecided(sessions: object) -> list[tuple[str, str]]:
    with sessions() as s:  # type: ignore[operator]
        return [(t.id, t.state) for t in TransactionRepository(s).recent(limit=10_000) if t.decision is None]


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.0, 0.3])
def test_restart_closes_every_interrupted_transaction(tmp_path: Path, world: World, face_samples: Path,
                                                      delay: float) -> None:
    workdir = tmp_path / "gate"
    env = {**os.environ, "EGATE_HOME": str(tmp_path / "home")}
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(workdir), str(face_samples)],
                            stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == "ready"
    assert proc.stdout.readline().strip() in {"OPEN", "REFER", "REJECT"}
    time.sleep(delay)  # somewhere inside a later transaction
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)

    pki = PkiLayout(workdir / "pki")
    settings = Settings(home=workdir, gate=GateSettings(quality_profile="relaxed", trust_store=pki.trust_store,
                                                        terminal_key=pki.terminal_key))
    runtime = build_gate(settings, pipeline=world.pipeline, pad=world.pad)  # the restart
    services = build_services(runtime, api_settings(), CHEAP)
    try:
        before = _undecided(runtime.db.sessions)
        assert len(before) >= 2  # the two travellers waiting for the camera, at least
        with runtime.db.sessions() as s:
            for tid, state in before:  # the stored stage is the last step whose record committed
                steps = [step_of(AuditEvent.model_validate({k: v for k, v in json.loads(r.body).items()
                                                            if k in AuditEvent.model_fields}))
                         for r in AuditRepository(s).for_transaction(tid)]
                assert state == next((st for st in reversed(steps) if st is not None), "started")
        assert services.recovery.run_once().interrupted == 0  # all fresh: a live process could own them
        assert services.recovery.close_interrupted(datetime.now(UTC) + timedelta(seconds=1)) == len(before)
        assert _undecided(runtime.db.sessions) == []
        with runtime.db.sessions() as s:
            for tid, _ in before:
                txn = TransactionRepository(s).get(tid)
                assert (txn.decision, txn.reasons) == ("REFER", ("INTERRUPTED",))
                referral = ReferralRepository(s).for_transaction(tid)
                assert referral is not None and referral.status == "open"
            bodies = [json.loads(r.body) for r in AuditRepository(s).chain("gate-01")]
            transactions = TransactionRepository(s).recent(limit=10_000)
        audited = {b["transaction_id"]: b["decision"] for b in bodies if b["event_type"] == "decision"}
        assert audited == {t.id: t.decision for t in transactions}
        report = verify_gate(runtime.db.sessions, "gate-01")
        assert report.ok, report.first_bad

        number, birth, expiry = json.loads((workdir / "card.json").read_text())
        from enrollment.icao.card_file import loads

        ctx = runtime.controller.start(devices(loads((workdir / "card.bin").read_bytes()), []),
                                       AccessKey(number, birth, expiry))
        assert runtime.controller.run(ctx, until=Stage.CAPTURE) is None  # the document is no longer held
    finally:
        services.close()
