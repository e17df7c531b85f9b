"""Oversized frames decoded with spare CPU only: a worker process at idle priority, a bounded queue per gate
and a time bound per frame.

A frame whose header says it is larger than the gate's work size (more than its camera delivers) is not
decoded in the service's process, where it would take CPU from every traveller's transaction, but in
``python -m gate.frame_reduce`` running under ``SCHED_IDLE``. Each gate may have ``per_gate`` such frames
waiting or decoding; one more is refused at once (:class:`FrameDecodeBusy`), so a hostile gate can fill
only its own share of the queue. A frame not decoded within ``timeout_s`` is refused the same way. A
worker that dies (a decoder driven to crash) is replaced; the frame that killed it is invalid.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import select
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import structlog

import gate
from gate.frame_reduce import EXPIRED, INVALID, OK, TOO_LARGE, Reduced, read_reply, write_request
from gate.service.errors import FrameDecodeBusy, InvalidUpload, UploadTooLarge
from matcher.face.types import RgbImage

log = structlog.get_logger(__name__)

_ROOT = str(Path(gate.__file__).resolve().parent.parent)  # where the worker finds ``gate.frame_reduce``


@dataclass(eq=False)
class _Job:
    gate_id: str
    data: bytes
    deadline: float
    done: threading.Event = field(default_factory=threading.Event)
    reply: Reduced | None = None


PIPE_BYTES = 1 << 20  # Linux's default pipe-max-size: a reduced frame crosses in 8 reads, not 130 of 64 KiB


def _widen(pipe: IO[bytes] | None) -> None:
    """Give the worker's reply pipe room for a megabyte, so that reading a frame wakes this process (and
    asks for its GIL) a few times rather than once per 64 KiB; where that is not possible, as it is."""
    size = getattr(fcntl, "F_SETPIPE_SZ", None)
    if pipe is None or size is None:
        return
    with contextlib.suppress(OSError):  # above the system's pipe-max-size: the default size still works
        fcntl.fcntl(pipe.fileno(), size, PIPE_BYTES)


class IdleDecoder:
    """Decodes frames in one idle-priority worker process, started on first use and replaced if it dies."""

    def __init__(self, *, work_side: int, max_pixels: int, per_gate: int = 1, timeout_s: float = 10.0) -> None:
        self.work_side, self.max_pixels = work_side, max_pixels
        self.per_gate, self.timeout_s = per_gate, timeout_s
        self._lock = threading.Lock()
        self._held: Counter[str] = Counter()  # frames per gate waiting or decoding
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._worker: subprocess.Popen[bytes] | None = None
        self._worker_lock = threading.Lock()
        self._closed = False
        self._hard_limit_s = max(30.0, 3 * timeout_s)

    def decode(self, gate_id: str, data: bytes) -> RgbImage:
        """The frame at most ``work_side`` on its longer side, or a typed error (the gate stays closed)."""
        with self._lock:
            if self._closed:
                raise FrameDecodeBusy("the frame decoder is shut down")
            if self._held[gate_id] >= self.per_gate:
                raise FrameDecodeBusy(f"gate {gate_id} already has {self.per_gate} oversized frame(s) decoding")
            self._held[gate_id] += 1
            if self._thread is None:
                self._thread = threading.Thread(target=self._dispatch, name="idle-decoder", daemon=True)
                self._thread.start()
        job = _Job(gate_id, data, time.monotonic() + self.timeout_s)
        self._jobs.put(job)
        if not job.done.wait(self.timeout_s):  # the slot stays held until the worker is past this job
            log.warning("oversized_frame_not_decoded_in_time", gate_id=gate_id, timeout_s=self.timeout_s)
            raise FrameDecodeBusy(f"an oversized frame was not decoded within {self.timeout_s:g} s")
        reply = job.reply
        assert reply is not None
        if reply.status == OK and reply.rgb is not None:
            return reply.rgb
        if reply.status == TOO_LARGE:
            raise UploadTooLarge(reply.message)
        if reply.status == EXPIRED:
            raise FrameDecodeBusy("an oversized frame was not decoded within its time bound")
        raise InvalidUpload(reply.message)

    def start(self) -> None:
        """Start the worker now (it imports its decoders with idle CPU) instead of on the first frame."""
        self._ensure_worker()

    def held(self, gate_id: str) -> int:
        with self._lock:
            return self._held[gate_id]

    def close(self) -> None:
        with self._lock:
            self._closed = True
            thread = self._thread
        self._jobs.put(None)
        self._stop_worker(kill=True)  # it holds nothing worth waiting for; a frame decoding now is refused
        if thread is not None:
            thread.join(timeout=5)

    def _dispatch(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                job.reply = self._run(job)
            except Exception as exc:  # whatever went wrong, the caller gets a typed answer and the loop goes on
                log.error("frame_worker_failed", gate_id=job.gate_id, error=type(exc).__name__)
                job.reply = Reduced(INVALID, message="the frame could not be decoded")
            finally:
                with self._lock:
                    self._held[job.gate_id] -= 1
                    if not self._held[job.gate_id]:
                        del self._held[job.gate_id]
                job.done.set()

    def _run(self, job: _Job) -> Reduced:
        if self._closed or time.monotonic() > job.deadline:  # nobody waits for it any more
            return Reduced(EXPIRED)
        worker = self._ensure_worker()
        assert worker.stdin is not None and worker.stdout is not None
        try:
            write_request(worker.stdin, job.data, deadline=job.deadline, max_pixels=self.max_pixels,
                          work_side=self.work_side)
            ready, _, _ = select.select([worker.stdout], [], [], self._hard_limit_s)
            if not ready:  # starved or stuck far beyond every caller's patience: start afresh
                log.error("frame_worker_stuck", gate_id=job.gate_id, limit_s=self._hard_limit_s)
                self._stop_worker(kill=True)
                return Reduced(EXPIRED)
            return read_reply(worker.stdout, work_side=self.work_side)
        except (OSError, EOFError, ValueError) as exc:
            log.error("frame_worker_died", gate_id=job.gate_id, error=type(exc).__name__,
                      returncode=worker.poll())
            self._stop_worker()
            return Reduced(INVALID, message="the frame could not be decoded (the decoder stopped)")

    def _ensure_worker(self) -> subprocess.Popen[bytes]:
        with self._worker_lock:
            return self._started_worker()

    def _started_worker(self) -> subprocess.Popen[bytes]:
        if self._worker is None or self._worker.poll() is not None:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in (_ROOT, os.environ.get("PYTHONPATH")) if p)}
            self._worker = subprocess.Popen([sys.executable, "-m", "gate.frame_reduce"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, close_fds=True, env=env)
            _widen(self._worker.stdout)
            log.info("frame_worker_started", pid=self._worker.pid, work_side=self.work_side)
        return self._worker

    def _stop_worker(self, *, kill: bool = False) -> None:
        with self._worker_lock:
            worker, self._worker = self._worker, None
        if worker is None:
            return
        if kill:
            worker.kill()
        for pipe in (worker.stdin, worker.stdout):
            if pipe is not None:
                pipe.close()
        try:
            worker.wait(timeout=5)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
