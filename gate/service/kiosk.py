"""Kiosk transactions over HTTP: present the card (document step), then the frames (biometrics).

Each request runs one half of :meth:`GateController.run`; between them the context waits in the
:class:`TransactionRegistry`. A gate sees only its own transactions (another gate's id is "not found").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import structlog

from enrollment.icao.card_file import loads
from enrollment.icao.errors import EncodingError
from enrollment.icao.inspection import AccessKey, ChipKey
from gate.devices.chip_reader import FixedCardReader
from gate.devices.doors import SimulatedDoor
from gate.orchestrator import TransactionResult
from gate.ports import ChipReader
from gate.service.errors import InvalidUpload, NotAwaitingFrames, UploadTooLarge
from gate.service.fleet import GateFleet
from gate.service.frames import DecodedFramesCamera, FrameDecoder, Upload, check_uploads
from gate.service.in_flight import InFlight, TransactionRegistry
from gate.service.lanes_control import LaneControl
from gate.steps import Devices
from gate.store import NotFoundError, TransactionRepository, read_only
from gate.transaction import Stage

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class KioskStatus:
    transaction_id: str
    gate_id: str
    stage: str
    decision: str | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class KioskLimits:
    max_frames: int
    max_frame_bytes: int
    max_card_bytes: int


class KioskService:
    def __init__(self, fleet: GateFleet, registry: TransactionRegistry, limits: KioskLimits,
                 lanes: LaneControl | None = None, frames: FrameDecoder | None = None) -> None:
        self._fleet, self._registry, self.limits = fleet, registry, limits
        self._lanes = lanes  # a locked or out-of-service lane refuses to start (LANE_CLOSED)
        self.frames = frames or FrameDecoder()

    def start(self, gate_id: str, key: AccessKey, card_file: bytes) -> KioskStatus:
        """Open a transaction and run the document step; decided at once when the document fails."""
        self.sweep()
        if len(card_file) > self.limits.max_card_bytes:
            raise UploadTooLarge(f"card file larger than {self.limits.max_card_bytes} bytes")
        try:
            card = loads(card_file)
        except EncodingError as exc:
            raise InvalidUpload(str(exc)) from exc
        return self.start_with(gate_id, key, FixedCardReader(card))

    def start_with(self, gate_id: str, key: ChipKey, chip: ChipReader) -> KioskStatus:
        """Open a transaction on the card held by ``chip`` (the gate's document reader)."""
        self.sweep()
        if self._lanes is not None:
            self._lanes.check_open(gate_id)
        doors = self._lanes.doors(gate_id) if self._lanes else (SimulatedDoor("entry"), SimulatedDoor("exit"))
        devices = Devices(chip, DecodedFramesCamera([]), *doors)
        controller = self._fleet.controller(gate_id)
        ctx = controller.start(devices, key)  # face work inside borrows an engine (gate.engine_pool)
        result = controller.run(ctx, until=Stage.CAPTURE)
        log.info("kiosk_transaction_started", gate_id=gate_id, transaction_id=ctx.transaction_id,
                 stage=ctx.stage.value)
        if result is not None:
            return _decided(gate_id, result)
        self._registry.put(gate_id, controller, ctx)
        return KioskStatus(ctx.transaction_id, gate_id, ctx.stage.value, None, ())

    def submit_frames(self, gate_id: str, transaction_id: str, uploads: Sequence[Upload]) -> KioskStatus:
        """Validate the frames, then run capture, liveness and the comparisons to the decision. The
        transaction is claimed before any frame is decoded: a made-up id costs nothing."""
        self.sweep()
        most, largest = self.limits.max_frames, self.limits.max_frame_bytes
        check_uploads(uploads, max_frames=most, max_bytes=largest)
        entry = self._registry.claim(gate_id, transaction_id)
        if entry is None:
            status = self.status(gate_id, transaction_id)  # NotFoundError for unknown or foreign ids
            raise NotAwaitingFrames(f"transaction {status.transaction_id} is {status.stage}, not awaiting frames")
        try:
            frames = self.frames.decode(gate_id, uploads, max_frames=most, max_bytes=largest)
        except Exception:
            self._registry.release(entry)  # refused frames: the traveller may try again within the TTL
            raise
        entry.context.devices.camera = DecodedFramesCamera(frames)
        try:
            result = entry.controller.run(entry.context)
        finally:
            self._registry.done(entry)
        assert result is not None  # run() without ``until`` always decides
        log.info("kiosk_transaction_decided", gate_id=gate_id, transaction_id=transaction_id,
                 verdict=result.decision.verdict.value)
        return _decided(gate_id, result)

    def abandon(self, gate_id: str, transaction_id: str) -> KioskStatus:
        """No usable frame came within the kiosk's budget: decided without frames (a referral)."""
        entry = self._registry.claim(gate_id, transaction_id)
        if entry is None:
            status = self.status(gate_id, transaction_id)
            raise NotAwaitingFrames(f"transaction {status.transaction_id} is {status.stage}, not awaiting frames")
        self._finish_without_frames(entry, "kiosk_transaction_without_frame")
        return self.status(gate_id, transaction_id)

    def status(self, gate_id: str, transaction_id: str) -> KioskStatus:
        with self._fleet.db.sessions() as session:
            try:
                txn = TransactionRepository(read_only(session)).get(transaction_id)
            except NotFoundError:
                txn = None
        if txn is None or txn.gate_id != gate_id:
            raise NotFoundError(f"no transaction {transaction_id}")
        stage = self._registry.stage(gate_id, transaction_id)
        state = stage.value if stage is not None else "decided" if txn.decision else txn.state
        return KioskStatus(txn.id, gate_id, state, txn.decision, txn.reasons)

    def in_flight(self, gate_id: str) -> int:
        return self._registry.count(gate_id)

    def sweep(self) -> int:
        """Refer the transactions that waited for frames longer than the TTL (``CAPTURE_TIMEOUT``)."""
        expired = self._registry.expired()
        for entry in expired:
            self._finish_without_frames(entry, "kiosk_transaction_expired")
        return len(expired)

    def close(self) -> None:
        """At shutdown: no transaction may stay open, so each in-flight one is referred."""
        for entry in self._registry.drain():
            self._finish_without_frames(entry, "kiosk_transaction_abandoned")

    def _finish_without_frames(self, entry: InFlight, event: str) -> None:
        entry.context.devices.camera = DecodedFramesCamera([])
        try:
            entry.controller.run(entry.context)
        finally:
            self._registry.done(entry)
        log.warning(event, gate_id=entry.gate_id, transaction_id=entry.context.transaction_id)


def _decided(gate_id: str, result: TransactionResult) -> KioskStatus:
    decision = result.decision
    return KioskStatus(result.transaction_id, gate_id, Stage.DECIDED.value, decision.verdict.value,
                       tuple(r.value for r in decision.reasons))
