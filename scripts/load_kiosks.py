"""A bounded load run of ``egate serve``: simulated kiosks on loopback, stopping by itself.

Phase ``clean``: ``--kiosks`` kiosks (each its own gate and document) run for ``--duration`` seconds, each
starting a traveller every ``--interval`` seconds (staggered; at once when the last one took longer; 0:
back to back): present the card, then one live frame of the holder; end-to-end latency = both requests.
20 kiosks every 4 s offer 5 transactions/s, the station's target. Phase ``hostile``:
the same, plus one more gate posting a blank 12 MP PNG frame once a second. Then the service is stopped
(SIGINT: in-flight transactions are referred), every audit chain is verified and no transaction may be
left undecided. Figures go to stdout (and ``--json``); the service's log to ``<workdir>/serve.log``.

    uv run python scripts/load_kiosks.py --kiosks 20 --duration 60 --json load.json

The service runs the default face pipeline with the relaxed quality profile (the sample photos are press
photos, not gate captures). Loopback only: the host is fixed to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import json
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gate.audit import verify_database
from gate.settings import load_settings
from gate.store import TransactionRepository, open_database
from scripts.load_fixture import Kiosk, LoadFixture, prepare
from scripts.percentiles import rounded_percentile as _pct

HOST = "127.0.0.1"
MAX_DURATION_S = 600


@dataclass
class PhaseResult:
    phase: str
    duration_s: float
    latencies_s: list[float] = field(default_factory=list)
    decisions: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    hostile_latencies_s: list[float] = field(default_factory=list)
    hostile_outcomes: Counter[str] = field(default_factory=Counter)  # the hostile gate's; not travellers' errors

    def summary(self) -> dict[str, object]:
        lat = sorted(self.latencies_s)
        hostile = sorted(self.hostile_latencies_s)
        return {"phase": self.phase, "transactions": len(lat), "tx_per_s": round(len(lat) / self.duration_s, 2),
                "p50_s": _pct(lat, 50), "p95_s": _pct(lat, 95), "max_s": round(lat[-1], 3) if lat else None,
                "errors": sum(self.errors.values()), "error_kinds": dict(self.errors),
                "decisions": dict(self.decisions), "hostile_frames": len(hostile),
                "hostile_p50_s": _pct(hostile, 50), "hostile_p95_s": _pct(hostile, 95),
                "hostile_outcomes": dict(self.hostile_outcomes)}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _transaction(client: httpx.Client, kiosk: Kiosk, frame: bytes, media: str) -> tuple[str | None, str | None]:
    """One traveller: (decision, error)."""
    headers = {"X-Gate-Key": kiosk.api_key}
    started = client.post("/kiosk/transactions", json=kiosk.body, headers=headers)
    if started.status_code != 201:
        return None, f"start {started.status_code}"
    status = started.json()
    if status["decision"] is None:
        files = [("frames", ("f", frame, media))]
        decided = client.post(f"/kiosk/transactions/{status['transaction_id']}/frames", files=files, headers=headers)
        if decided.status_code != 200:
            return None, f"frames {decided.status_code}"
        status = decided.json()
    return str(status["decision"]), None


def _hostile_transaction(client: httpx.Client, kiosk: Kiosk, frame: bytes) -> str:
    """Start, post the 12 MP PNG; a refused frame ends the transaction (``/finish``) so that the next start
    is not refused for DOCUMENT_IN_USE and every second really brings a 12 MP frame. The outcome's name."""
    headers = {"X-Gate-Key": kiosk.api_key}
    started = client.post("/kiosk/transactions", json=kiosk.body, headers=headers)
    if started.status_code != 201 or started.json()["decision"] is not None:
        return f"start {started.status_code} {started.json().get('decision')}"
    url = f"/kiosk/transactions/{started.json()['transaction_id']}"
    decided = client.post(f"{url}/frames", files=[("frames", ("f", frame, "image/png"))], headers=headers)
    if decided.status_code == 200:
        return f"frame {decided.json()['decision']}"
    finished = client.post(f"{url}/finish", headers=headers)
    return f"frame {decided.status_code} {decided.json().get('code')}, then {finished.json().get('decision')}"


def run_phase(base_url: str, fx: LoadFixture, phase: str, duration_s: float, interval_s: float) -> PhaseResult:
    result = PhaseResult(phase, duration_s)
    lock = threading.Lock()
    start = time.monotonic()
    end = start + duration_s

    def kiosk_loop(kiosk: Kiosk, offset_s: float) -> None:
        next_at = start + offset_s
        with httpx.Client(base_url=base_url, timeout=120) as client:
            while next_at < end and time.monotonic() < end:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at += interval_s
                t0 = time.perf_counter()
                try:
                    decision, error = _transaction(client, kiosk, fx.live_frame, "image/jpeg")
                except httpx.HTTPError as exc:
                    decision, error = None, type(exc).__name__
                elapsed = time.perf_counter() - t0
                with lock:
                    if error is not None:
                        result.errors[error] += 1
                    else:
                        result.latencies_s.append(elapsed)
                        result.decisions[str(decision)] += 1

    def hostile_loop() -> None:
        with httpx.Client(base_url=base_url, timeout=120) as client:
            next_at = time.monotonic()
            while next_at < end:
                time.sleep(max(0.0, next_at - time.monotonic()))
                next_at += 1.0
                t0 = time.perf_counter()
                try:
                    outcome = _hostile_transaction(client, fx.hostile, fx.hostile_frame)
                except httpx.HTTPError as exc:
                    outcome = type(exc).__name__
                with lock:  # refusing the hostile frame (503 FRAME_DECODE_BUSY) is an outcome, not an error
                    result.hostile_latencies_s.append(time.perf_counter() - t0)
                    result.hostile_outcomes[outcome] += 1
                    if "OPEN" in outcome:
                        result.errors["hostile frame opened the gate"] += 1

    spacing = interval_s / max(len(fx.kiosks), 1)
    threads = [threading.Thread(target=kiosk_loop, args=(k, n * spacing), daemon=True)
               for n, k in enumerate(fx.kiosks)]
    if phase == "hostile":
        threads.append(threading.Thread(target=hostile_loop, daemon=True))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration_s + 180)
    return result


def _serve(fx: LoadFixture, port: int, face_workers: int | None) -> subprocess.Popen[bytes]:
    env = dict(fx.env)
    if face_workers:
        env["EGATE_API__FACE_WORKERS"] = str(face_workers)
    egate = Path(sys.executable).parent / "egate"
    log = (fx.home / "serve.log").open("wb")
    proc = subprocess.Popen([str(egate), "serve", "--host", HOST, "--port", str(port)], env=env, stdout=log,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"egate serve exited with {proc.returncode}; see {fx.home / 'serve.log'}")
        try:
            if httpx.get(f"http://{HOST}:{port}/openapi.json", timeout=2).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("egate serve did not come up within 300 s")


def _stop(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


def _check_store(fx: LoadFixture) -> dict[str, object]:
    db = open_database(fx.database_url)
    try:
        reports = verify_database(db.sessions)
        with db.sessions() as session:
            undecided = [t.id for t in TransactionRepository(session).recent(limit=1_000_000) if t.decision is None]
    finally:
        db.dispose()
    return {"chains": len(reports), "chains_ok": sum(r.ok for r in reports),
            "records": sum(r.checked for r in reports), "undecided": len(undecided)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase (at most 600)")
    parser.add_argument("--interval", type=float, default=4.0, help="seconds between a kiosk's travellers")
    parser.add_argument("--phases", default="clean,hostile")
    parser.add_argument("--face-workers", type=int, default=None, help="default: the service's (CPU cores)")
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder, removed after")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    duration = min(max(args.duration, 1.0), MAX_DURATION_S)
    with tempfile.TemporaryDirectory(prefix="egate-load-") as scratch:
        home = args.workdir or Path(scratch)
        home.mkdir(parents=True, exist_ok=True)
        fx = prepare(home, args.kiosks, load_settings())
        port = _free_port()
        proc = _serve(fx, port, args.face_workers)
        try:
            phases = [run_phase(f"http://{HOST}:{port}", fx, p, duration, max(args.interval, 0.0))
                      for p in args.phases.split(",")]
        finally:
            _stop(proc)
        report = {"kiosks": args.kiosks, "duration_s": duration, "interval_s": args.interval,
                  "offered_tx_per_s": round(args.kiosks / args.interval, 2) if args.interval else None,
                  "phases": [p.summary() for p in phases],
                  "store": _check_store(fx)}
    clean = next((p for p in report["phases"] if p["phase"] == "clean"), None)
    hostile = next((p for p in report["phases"] if p["phase"] == "hostile"), None)
    if clean and hostile and clean["p95_s"] and hostile["p95_s"]:
        report["p95_ratio_hostile_to_clean"] = round(hostile["p95_s"] / clean["p95_s"], 2)
    print(json.dumps(report, indent=2))
    if "p95_ratio_hostile_to_clean" in report:
        print(f"p95 clean {clean['p95_s']} s, hostile {hostile['p95_s']} s: "  # type: ignore[index]
              f"ratio {report['p95_ratio_hostile_to_clean']} (target <= 1.5)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    store = report["store"]
    failed = any(p["errors"] for p in report["phases"]) or store["undecided"] or store["chains_ok"] != store["chains"]
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
