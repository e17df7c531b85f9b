"""Guided capture: the kiosk sends live frames one by one, the gate answers each with the quality verdict as
guidance codes (never sentences), and decides by itself with the first frame that qualifies. The best frame
seen so far is kept, so that when the kiosk's time budget runs out the decision is taken on it (a referral
for quality, never a black or half-initialised frame)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from gate.service.errors import NotAwaitingFrames
from gate.service.fleet import GateFleet
from gate.service.frames import Upload, check_uploads
from gate.service.in_flight import TransactionRegistry
from gate.service.kiosk import KioskService, KioskStatus
from gate.transaction import Stage
from matcher.criteria import Criterion

# most important first: the kiosk shows the first code's instruction
ORDER = ("MULTIPLE_FACES", "NO_FACE", "FACE_TOO_SMALL", "EYE_DISTANCE_LOW", "FACE_TOO_LARGE", "YAW",
         "PITCH_LOW", "PITCH_HIGH", "ROLL", "TOO_DARK", "TOO_BRIGHT", "LOW_CONTRAST", "CLIPPED", "BLUR")


@dataclass(frozen=True)
class FrameAnswer:
    status: KioskStatus
    codes: tuple[str, ...]  # guidance codes, most important first; empty when the frame qualified


def guidance_code(criterion: Criterion) -> str:
    """A failed criterion's code; the head's pitch says which way (chin down / up)."""
    if criterion.reason == "PITCH":
        return "PITCH_LOW" if criterion.value < 0 else "PITCH_HIGH"
    return criterion.reason


def ordered(codes: set[str]) -> tuple[str, ...]:
    return tuple(sorted(codes, key=lambda c: ORDER.index(c) if c in ORDER else len(ORDER)))


class FrameCoach:
    def __init__(self, fleet: GateFleet, kiosk: KioskService, registry: TransactionRegistry) -> None:
        self._fleet, self._kiosk, self._registry = fleet, kiosk, registry
        self._best: dict[tuple[str, str], tuple[float, Upload]] = {}
        self._lock = threading.Lock()

    def frame(self, gate_id: str, transaction_id: str, upload: Upload) -> FrameAnswer:
        limits = self._kiosk.limits
        check_uploads([upload], max_frames=1, max_bytes=limits.max_frame_bytes)
        self._awaiting(gate_id, transaction_id)
        image = self._kiosk.frames.decode(gate_id, [upload], max_frames=1, max_bytes=limits.max_frame_bytes)[0]
        pipeline = self._fleet.controller(gate_id).pipeline
        faces = pipeline.detect(image)
        if len(faces) != 1:
            code = "MULTIPLE_FACES" if faces else "NO_FACE"
            return FrameAnswer(self._kiosk.status(gate_id, transaction_id), (code,))
        quality = pipeline.assess(image, faces[0])
        if quality.passed:
            return FrameAnswer(self._decide(gate_id, transaction_id, upload), ())
        key = (gate_id, transaction_id)
        with self._lock:  # forget the frames of transactions that ended otherwise (expired, shut down)
            self._best = {k: v for k, v in self._best.items() if self._registry.stage(*k) is not None}
            if key not in self._best or quality.score > self._best[key][0]:
                self._best[key] = (quality.score, upload)
        codes = ordered({guidance_code(c) for c in quality.failures})
        return FrameAnswer(self._kiosk.status(gate_id, transaction_id), codes)

    def finish(self, gate_id: str, transaction_id: str) -> KioskStatus:
        """The kiosk's time budget ran out: decide on the best frame seen, or without a frame."""
        self._awaiting(gate_id, transaction_id)
        with self._lock:
            best = self._best.get((gate_id, transaction_id))
        if best is None:
            return self._kiosk.abandon(gate_id, transaction_id)
        return self._decide(gate_id, transaction_id, best[1])

    def _decide(self, gate_id: str, transaction_id: str, upload: Upload) -> KioskStatus:
        try:
            return self._kiosk.submit_frames(gate_id, transaction_id, [upload])
        finally:
            with self._lock:
                self._best.pop((gate_id, transaction_id), None)

    def _awaiting(self, gate_id: str, transaction_id: str) -> None:
        if self._registry.stage(gate_id, transaction_id) != Stage.CAPTURE:
            status = self._kiosk.status(gate_id, transaction_id)  # NotFoundError for unknown or foreign ids
            raise NotAwaitingFrames(f"transaction {status.transaction_id} is {status.stage}, not awaiting frames")
