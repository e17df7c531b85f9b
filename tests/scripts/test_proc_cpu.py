"""CPU time from /proc: this process, a child that burns CPU, the whole machine, and the difference of two
samples as the load script reports it."""

from __future__ import annotations

import glob
import os
import subprocess
import sys
import time

import pytest

from scripts import proc_cpu

pytestmark = pytest.mark.skipif(not glob.glob("/proc/self/task/*/children"),
                                reason="reads Linux's /proc with its list of child processes")


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_process_and_its_children_are_accounted() -> None:
    before = proc_cpu.sample(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "import time\nend = time.process_time() + 0.4\n"
                              "while time.process_time() < end: pass\ntime.sleep(60)"])
    try:
        _burn(0.2)
        deadline = time.monotonic() + 30
        while (proc_cpu.process_cpu_s(child.pid) or 0.0) < 0.37 and time.monotonic() < deadline:
            time.sleep(0.05)
        after = proc_cpu.sample(os.getpid())
        assert child.pid in (proc_cpu.children(os.getpid()) or [])
        used = proc_cpu.used(before, after)
        assert used["service_s"] is not None and used["service_s"] >= 0.15  # this process, as the "service"
        assert used["frame_worker_s"] is not None and used["frame_worker_s"] >= 0.35  # its child, from zero
        assert used["machine_busy_s"] is not None and used["machine_busy_s"] >= 0.5
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_has_no_figure() -> None:
    assert proc_cpu.process_cpu_s(2**22 + 12345) is None
    assert proc_cpu.children(2**22 + 12345) is None


def test_workers_are_counted_by_pid() -> None:
    first = proc_cpu.CpuSample(1.0, {10: 5.0}, 0.0, 10.0, 20.0)
    second = proc_cpu.CpuSample(2.0, {10: 5.5, 11: 0.75}, 0.1, 12.0, 21.0)  # 11 started in between
    assert proc_cpu.used(first, second) == {"service_s": 1.0, "frame_worker_s": 1.25, "load_client_s": 0.1,
                                            "machine_busy_s": 2.0, "machine_idle_s": 1.0}
    unknown = proc_cpu.used(proc_cpu.CpuSample(None, None, 0.0, None, None), second)
    assert unknown["service_s"] is None and unknown["frame_worker_s"] is None
