"""A bounded load run of ``egate serve``: simulated kiosks on loopback, stopping by itself.

Phase ``clean``: ``--kiosks`` kiosks (each its own gate and document) run for ``--duration`` seconds, each
starting a traveller every ``--interval`` seconds (staggered; at once when the last one took longer; 0:
back to back): present the card, then one live frame of the holder; end-to-end latency = both requests.
20 kiosks every 4 s offer 5 transactions/s, the station's target. Phase ``hostile``:
the same, plus one more gate posting a blank 12 MP PNG frame once a second. First ``--warmup`` seconds of
clean traffic that count in no figure; then ``--rounds`` rounds of the phases, every other round in reverse
order, each giving its hostile/clean ratios; the run's figure is their median (:mod:`scripts.load_stats`).
Then the service is stopped (SIGINT: in-flight transactions are referred), every audit chain is verified
and no transaction may be left undecided. Figures go to stdout (and ``--json``), with the CPU seconds each
phase took in the service, its frame worker, this load generator and the whole machine; the service's log to
``<workdir>/serve.log``. ``--hostile-frame camera`` is the control: the hostile gate's extra transaction a
second with a blank frame of the camera's size instead of 12 MP.
Every phase, the warm-up and the number of rounds are bounded: the run stops by itself.

    uv run python scripts/load_kiosks.py --kiosks 20 --duration 60 --rounds 3 --json load.json

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
from dataclasses import replace
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from gate.audit import verify_database
from gate.settings import load_settings
from gate.store import TransactionRepository, open_database
from scripts import proc_cpu
from scripts.load_fixture import Kiosk, LoadFixture, blank_png, prepare
from scripts.load_stats import PhaseResult, build_report, round_order, summary_lines

HOST = "127.0.0.1"
MAX_DURATION_S = 600
MAX_ROUNDS = 10
MAX_WARMUP_S = 120
HOSTILE_FRAMES = {"12mp": blank_png, "camera": lambda: blank_png(853, 480)}
SETTLE_S = 2.0  # between phases: the service's background work for the last transactions (heartbeat, outbox)


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


def run_phase(base_url: str, fx: LoadFixture, phase: str, duration_s: float, interval_s: float,
              service_pid: int | None = None) -> PhaseResult:
    result = PhaseResult(phase, duration_s)
    cpu_before = proc_cpu.sample(service_pid) if service_pid else None
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
    if service_pid and cpu_before is not None:
        result.cpu = proc_cpu.used(cpu_before, proc_cpu.sample(service_pid))
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


def _run(base_url: str, fx: LoadFixture, args: argparse.Namespace, duration: float, service_pid: int
         ) -> tuple[PhaseResult | None, list[list[PhaseResult]]]:
    """The warm-up (clean traffic, left out of every figure), then each round's phases in their order."""
    interval = max(args.interval, 0.0)
    warmup_s = min(max(args.warmup, 0.0), MAX_WARMUP_S)
    warmup = run_phase(base_url, fx, "warmup", warmup_s, interval, service_pid) if warmup_s > 0 else None
    rounds: list[list[PhaseResult]] = []
    for n in range(min(max(args.rounds, 1), MAX_ROUNDS)):
        results = []
        for phase in round_order(args.phases.split(","), n):
            time.sleep(SETTLE_S)
            results.append(run_phase(base_url, fx, phase, duration, interval, service_pid))
        rounds.append(results)
    return warmup, rounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kiosks", type=int, default=20)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds per phase (at most 600)")
    parser.add_argument("--interval", type=float, default=4.0, help="seconds between a kiosk's travellers")
    parser.add_argument("--phases", default="clean,hostile")
    parser.add_argument("--rounds", type=int, default=1,
                        help=f"repeat the phases (order alternating each round; at most {MAX_ROUNDS})")
    parser.add_argument("--warmup", type=float, default=10.0,
                        help=f"seconds of clean traffic first, left out of the figures (at most {MAX_WARMUP_S})")
    parser.add_argument("--hostile-frame", choices=sorted(HOSTILE_FRAMES), default="12mp",
                        help="what the hostile gate posts: the blank 12 MP PNG, or (a control: the same extra "
                             "transaction a second without the large frame) a blank PNG of the camera's size")
    parser.add_argument("--face-workers", type=int, default=None, help="default: the service's (CPU cores)")
    parser.add_argument("--workdir", type=Path, default=None, help="default: a temporary folder, removed after")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    duration = min(max(args.duration, 1.0), MAX_DURATION_S)
    with tempfile.TemporaryDirectory(prefix="egate-load-") as scratch:
        home = args.workdir or Path(scratch)
        home.mkdir(parents=True, exist_ok=True)
        fx = replace(prepare(home, args.kiosks, load_settings()), hostile_frame=HOSTILE_FRAMES[args.hostile_frame]())
        port = _free_port()
        proc = _serve(fx, port, args.face_workers)
        try:
            warmup, rounds = _run(f"http://{HOST}:{port}", fx, args, duration, proc.pid)
        finally:
            _stop(proc)
        offered = round(args.kiosks / args.interval, 2) if args.interval else None
        config = {"kiosks": args.kiosks, "hostile_frame": args.hostile_frame, "duration_s": duration,
                  "interval_s": args.interval, "offered_tx_per_s": offered}
        report = build_report(config, warmup, rounds, _check_store(fx))
    print(json.dumps(report, indent=2))
    print(summary_lines(report))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    store = report["store"]
    assert isinstance(store, dict)
    every = [warmup, *(r for results in rounds for r in results)]
    failed = any(p.errors for p in every if p is not None)
    return 1 if failed or store["undecided"] or store["chains_ok"] != store["chains"] else 0


if __name__ == "__main__":
    raise SystemExit(main())
