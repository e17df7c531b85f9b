"""What the steps of a transaction share: the gate's configuration and parts, the devices of the lane,
and the mutable context of the one transaction in flight."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Literal, Protocol

from enrollment.icao.inspection import ChipIrisImage, ChipKey, DecodedDocument, TrustStore
from gate.audit import AuditEvent
from gate.policy import Decision, Evidence
from gate.ports import Camera, ChipReader, Door, FingerScanner, IrisEye, IrisScanner
from gate.recording import TransactionRecorder
from gate.steps.iris_verifier import IrisVerification
from gate.stop_list import StopList
from gate.transaction import Stage
from matcher.face.pad import PresentationAttackDetector
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import FaceQuality
from matcher.face.types import DetectedFace, RgbImage
from matcher.templates import Template
from matcher.thresholds import Calibration, Comparison

FingerMode = Literal["off", "when_available", "required"]
IrisMode = Literal["off", "when_available", "required"]


class LiveFingerVerifier(Protocol):
    """1:1 fingerprint verification of a live image against the chip's ISO 19794-2 records."""

    def verify(self, live_image: bytes, templates: list[bytes], fmr_target: float) -> Comparison: ...


class LiveIrisVerifier(Protocol):
    """Both live eyes 1:1 against DG4's images of the same eye, fused into one iris decision."""

    def verify(self, live: Mapping[IrisEye, bytes], references: Sequence[ChipIrisImage],
               fmr_target: float) -> IrisVerification: ...


class ShadowObserver(Protocol):
    """Sees each live face comparison beside the decision (zero-effort impostor comparisons against other
    travellers' references, for the operational FMR estimate); it never takes part in the decision."""

    def observe(self, probe: Template, reference: Template, comparison: Comparison) -> None: ...


@dataclass(frozen=True)
class GateConfig:
    fmr_target: float = 1e-3
    capture_budget_s: float = 10.0
    max_frames: int = 60
    pad_alarm_threshold: float = 0.5
    require_active_auth: bool = True
    finger_mode: FingerMode = "off"
    fuse_modalities: bool = True  # judge every modality compared together (score-level fusion), iris too
    iris_mode: IrisMode = "off"


@dataclass(frozen=True)
class GateParts:
    """The gate's long-lived parts, shared by every transaction: matchers, trust anchors, persistence."""

    config: GateConfig
    pipeline: FacePipeline
    calibration: Calibration
    pad: PresentationAttackDetector | None
    trust_store: TrustStore
    stop_list: StopList
    recorder: TransactionRecorder
    finger: LiveFingerVerifier | None = None
    iris: LiveIrisVerifier | None = None
    shadow: ShadowObserver | None = None  # shadow impostor comparisons (gate.service.shadow); never decides
    monotonic: Callable[[], float] = time.monotonic
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))


@dataclass
class Devices:
    chip_reader: ChipReader
    camera: Camera
    entry_door: Door
    exit_door: Door
    finger_scanner: FingerScanner | None = None
    iris_scanner: IrisScanner | None = None


@dataclass
class TransactionContext:
    """Mutable state of one transaction while it runs; the result is frozen from it at the end."""

    transaction_id: str
    devices: Devices
    key: ChipKey  # the MRZ (BAC, or PACE with the MRZ) or, on a CCCD, the CAN (PACE)
    stage: Stage = Stage.DOCUMENT
    evidence: Evidence = field(default_factory=Evidence)
    document: DecodedDocument | None = None
    reference: Template | None = None
    frame: RgbImage | None = None
    face: DetectedFace | None = None
    quality: FaceQuality | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    decision: Decision | None = None


def audit(parts: GateParts, ctx: TransactionContext, event_type: str, **fields: object) -> None:
    """Append one event of this transaction to the gate's signed audit chain."""
    parts.recorder.record(AuditEvent.model_validate(
        {"event_type": event_type, "transaction_id": ctx.transaction_id, **fields}))
