"""CPU time of a process and its descendants, and of the whole machine, from Linux's ``/proc``.

The load script reads these around each phase, so a run says where the cores went: the service (with its
idle-priority frame worker), the load generator itself, and what was left idle. Elsewhere (no ``/proc``)
every figure is None."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICK_S = 1.0 / os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 0.01


def process_cpu_s(pid: int) -> float | None:
    """User plus system seconds of ``pid`` (all its threads); None when it is gone or there is no /proc."""
    try:
        fields = (PROC / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) * TICK_S  # utime, stime: fields 14 and 15 of stat(5)


def children(pid: int) -> list[int] | None:
    """The live child processes of ``pid`` (any thread's); None when the kernel does not list them."""
    found: list[int] = []
    listed = False
    try:
        tasks = list((PROC / str(pid) / "task").iterdir())
    except OSError:
        return None
    for task in tasks:
        try:
            found += [int(c) for c in (task / "children").read_text().split()]
            listed = True
        except OSError:
            continue
    return found if listed else None


def machine_cpu_s() -> tuple[float, float] | None:
    """(busy, idle) CPU seconds of the whole machine since boot, summed over cores; None without /proc."""
    try:
        first = (PROC / "stat").read_text().splitlines()[0].split()
    except (OSError, IndexError):
        return None
    ticks = [int(x) for x in first[1:9]]  # user nice system idle iowait irq softirq steal
    idle = ticks[3] + ticks[4]
    return (sum(ticks) - idle) * TICK_S, idle * TICK_S


@dataclass(frozen=True)
class CpuSample:
    service_s: float | None  # the service's own process
    workers_s: dict[int, float] | None  # its child processes (the idle-priority frame worker), by pid
    client_s: float  # this process: the load generator
    machine_busy_s: float | None
    machine_idle_s: float | None


def sample(service_pid: int) -> CpuSample:
    pids = children(service_pid)
    workers = None if pids is None else {p: t for p in pids if (t := process_cpu_s(p)) is not None}
    machine = machine_cpu_s()
    times = os.times()
    return CpuSample(process_cpu_s(service_pid), workers, times.user + times.system,
                     machine[0] if machine else None, machine[1] if machine else None)


def used(before: CpuSample, after: CpuSample) -> dict[str, float | None]:
    """CPU seconds spent between two samples, per consumer. A worker started in between counts from zero;
    one that ended in between is missed (its last seconds cannot be read any more)."""
    def delta(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else round(b - a, 2)

    workers = None
    if before.workers_s is not None and after.workers_s is not None:
        workers = round(sum(t - before.workers_s.get(p, 0.0) for p, t in after.workers_s.items()), 2)
    return {"service_s": delta(before.service_s, after.service_s), "frame_worker_s": workers,
            "load_client_s": delta(before.client_s, after.client_s),
            "machine_busy_s": delta(before.machine_busy_s, after.machine_busy_s),
            "machine_idle_s": delta(before.machine_idle_s, after.machine_idle_s)}
