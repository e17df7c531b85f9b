"""CPU time from /proc: this process, a child that burns CPU, the whole machine, and the difference of two
samples as the load script reports it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

from scripts import proc_cpu

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self/task"), reason="reads Linux's /proc")


def _burn(seconds: float) -> None:
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_process_and_its_children_are_accounted() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time\nend = time.process_time() + 0.3\n"
                              "while time.process_time() < end: pass\ntime.sleep(30)"])
    try:
        before = proc_cpu.sample(os.getpid())
        _burn(0.2)
        deadline = time.monotonic() + 20
        while (proc_cpu.process_cpu_s(child.pid) or 0.0) < 0.25 and time.monotonic() < deadline:
            time.sleep(0.05)
        after = proc_cpu.sample(os.getpid())
        assert child.pid in proc_cpu.children(os.getpid())
        used = proc_cpu.used(before, after)
        assert used["service_s"] is not None and used["service_s"] >= 0.15  # this process, as the "service"
        assert used["frame_worker_s"] is not None and used["frame_worker_s"] >= 0.2  # its child
        assert used["machine_busy_s"] is not None and used["machine_busy_s"] >= 0.3
    finally:
        child.kill()
        child.wait()


def test_a_process_that_is_gone_has_no_figure() -> None:
    done = subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert done.returncode == 0
    assert proc_cpu.process_cpu_s(2**22 + 12345) is None
    assert proc_cpu.children(2**22 + 12345) == []


def test_a_replaced_worker_counts_from_zero() -> None:
    first = proc_cpu.CpuSample(1.0, 5.0, 0.0, 10.0, 20.0)
    second = proc_cpu.CpuSample(2.0, 0.5, 0.1, 12.0, 21.0)  # the worker restarted: 0.5 s of the new one
    assert proc_cpu.used(first, second) == {"service_s": 1.0, "frame_worker_s": 0.5, "load_client_s": 0.1,
                                            "machine_busy_s": 2.0, "machine_idle_s": 1.0}
    assert proc_cpu.used(proc_cpu.CpuSample(None, 0.0, 0.0, None, None), second)["service_s"] is None
