"""Builds a running gate from the settings: storage, keys, audit log, face pipeline, PAD, trust store.

Every file the gate needs is opened here and nowhere else; everything below takes explicit objects.
Missing optional parts are explicit too: without the PAD models the gate still runs, and refers every
traveller with ``PAD_UNAVAILABLE`` (fail-secure) instead of opening without a liveness check.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import cv2

from enrollment.icao.inspection import TrustStore, load_trust_store
from gate.audit import AuditLog, load_or_create_pseudonym_key
from gate.audit.jobs import open_audit_log
from gate.model_store import face_pipeline
from gate.orchestrator import GateController
from gate.recording import StoreRecorder
from gate.settings import Settings
from gate.steps import ChipFingerVerifier, ChipIrisVerifier, GateConfig, GateParts, LiveFingerVerifier, LiveIrisVerifier
from gate.stop_list import InMemoryStopList
from gate.store import CaptureCipher, RuntimeSettingsRepository, create_capture_key_file, load_capture_key
from gate.store.capture_key import KEY_ENV as CAPTURE_KEY_ENV
from gate.store.database import Database, open_database
from gate.store.runtime_settings import FMR_TARGET
from gate.store.settings import StorePaths
from matcher.errors import CalibrationError, ModelError
from matcher.face.embed_onnx import RuntimeOptions
from matcher.face.factory import variant_name
from matcher.face.pad import MINIFASNET_MODELS, MiniFasNetPad, PresentationAttackDetector
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import PROFILES
from matcher.finger import FingerVerifier
from matcher.finger import model_id as finger_model_id
from matcher.iris import MODEL_ID as IRIS_MODEL_ID
from matcher.thresholds import Calibration
from models import load_calibration


@dataclass(frozen=True)
class GateRuntime:
    settings: Settings
    db: Database
    audit: AuditLog
    controller: GateController
    cipher: CaptureCipher


def load_pad(directory: Path) -> PresentationAttackDetector | None:
    """Both MiniFASNet models, or None (the gate then refers with PAD_UNAVAILABLE): the alarm threshold
    was chosen for the pair, and one model alone is not the detector that was validated."""
    paths = [directory / name for name in MINIFASNET_MODELS]
    if not all(p.is_file() for p in paths):
        return None
    return MiniFasNetPad.from_files({p.name: p.read_bytes() for p in paths})


def require_calibrated_variant(settings: Settings, calibration: Calibration) -> None:
    """Thresholds hold their FMR only for the detector, upsampling and augmentation they were measured
    with; a gate configured otherwise refuses to start until that variant has been evaluated."""
    face = settings.face
    wanted = variant_name(face.detector, face.upsample, 0, face.flip)
    measured = calibration.measured.get("variant")
    if measured != wanted:
        raise CalibrationError(
            f"calibration {calibration.model_id!r} was measured for pipeline {measured!r}, the gate is set to "
            f"{wanted!r}: run 'egate-lab eval face --all-pairs --calibration default' with these settings first")


def usable_cores() -> int:
    """The CPUs this process may run on (its affinity, e.g. a container's cpuset), not the machine's count."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def engine_threads(workers: int, cores: int | None = None) -> int:
    """Threads for each of ``workers`` face engines working side by side: the cores shared out, at least one."""
    return max(1, (cores or usable_cores()) // max(1, workers))


def build_face_pipeline(settings: Settings, *, threads: int | None = None) -> FacePipeline:
    """``threads``: for one engine of a pool (the service) — its networks use that many threads and do not
    spin-wait, and OpenCV's own pool (YuNet) is sized alike. Without it, ONNX Runtime's defaults for a lone
    engine (two spinning threads). Spinning threads of one engine burn the core another engine needs: with
    two engines on two cores, the load run's p95 fell from 1.0–3.3 s to 0.35–0.54 s without them."""
    face = settings.face
    yunet = read_model_file(settings.yunet_model, "the YuNet face detector") if face.detector == "yunet" else None
    options = None
    if threads is not None:
        options = RuntimeOptions(intra_op_threads=threads, allow_spinning=False)
        cv2.setNumThreads(threads)  # process-wide: every engine of the pool gets the same share
    return face_pipeline(face.embedder, face.detector, cache_dir=settings.model_cache_dir,
                         models_root=settings.models_root, upsample=face.upsample, yunet_model=yunet, flip=face.flip,
                         quality_profile=PROFILES[settings.gate.quality_profile], options=options)


def read_model_file(path: Path, what: str) -> bytes:
    """The bytes of a model file the settings name; a missing one is one clear error naming it."""
    if not path.is_file():
        raise ModelError(f"{what} needs {path}, which is missing (set EGATE_SHARED to the shared folder)")
    return path.read_bytes()


def _capture_key(path: Path) -> bytes:
    """The key from EGATE_CAPTURE_KEY or the key file; a first start creates the file (0600)."""
    if not os.environ.get(CAPTURE_KEY_ENV) and not path.exists():
        return create_capture_key_file(path)
    return load_capture_key(path)


def build_finger_verifier(settings: Settings) -> ChipFingerVerifier:
    g = settings.gate
    calibration = load_calibration(finger_model_id(g.finger_matcher, g.finger_extractor))
    return ChipFingerVerifier(FingerVerifier(calibration, extractor=g.finger_extractor, matcher=g.finger_matcher))


def build_iris_verifier() -> ChipIrisVerifier:
    """Both eyes against DG4 with the committed iris calibration (thresholds and score → FMR curve)."""
    return ChipIrisVerifier(load_calibration(IRIS_MODEL_ID))


def fmr_target(settings: Settings, db: Database) -> float:
    """The administrator's FMR target (runtime setting), else the configured default."""
    with db.sessions() as session:
        value = RuntimeSettingsRepository(session).get(FMR_TARGET)
    return float(value or settings.face.fmr_target)


@dataclass(frozen=True)
class GateStore:
    """The gate's persistent side: database, signed audit log, capture cipher, pseudonym key."""

    paths: StorePaths
    db: Database
    audit: AuditLog
    cipher: CaptureCipher
    pseudonym_key: bytes


def open_store(settings: Settings) -> GateStore:
    paths = settings.store.resolve(settings.home)
    db = open_database(paths.database_url)
    return GateStore(paths, db, open_audit_log(db, paths), CaptureCipher(_capture_key(paths.capture_key_path)),
                     load_or_create_pseudonym_key(paths.pseudonym_key_path))


def build_gate(settings: Settings, *, trust_store: TrustStore | None = None, pipeline: FacePipeline | None = None,
               pad: PresentationAttackDetector | None = None, finger: LiveFingerVerifier | None = None,
               iris: LiveIrisVerifier | None = None, face_threads: int | None = None) -> GateRuntime:
    chosen = pipeline or build_face_pipeline(settings, threads=face_threads)
    calibration = load_calibration(chosen.calibration_id)
    if calibration.lower_is_better != (chosen.metric == "euclidean"):  # refuse now, not at every traveller
        raise CalibrationError(f"calibration {calibration.model_id!r} does not fit the {chosen.metric} metric")
    if pipeline is None:  # refuse before any database or key file is touched
        require_calibrated_variant(settings, calibration)
    g = settings.gate
    trust = trust_store or load_trust_store(g.trust_store or settings.home / "pki" / "trust-store", g.terminal_key)
    stop_list = InMemoryStopList.parse(g.stop_list.read_text()) if g.stop_list else InMemoryStopList()
    if iris is None and g.iris_mode != "off":  # a calibration without its FMR curve refuses here
        iris = build_iris_verifier()
    store = open_store(settings)
    recorder = StoreRecorder(store.db, store.audit, store.cipher, store.pseudonym_key,
                             retention=store.paths.capture_retention)
    config = GateConfig(fmr_target=fmr_target(settings, store.db), capture_budget_s=g.capture_budget_s,
                        max_frames=g.max_frames, pad_alarm_threshold=g.pad_alarm_threshold,
                        require_active_auth=g.require_active_auth, finger_mode=g.finger_mode,
                        fuse_modalities=g.fuse_modalities, iris_mode=g.iris_mode)
    if finger is None and g.finger_mode != "off":
        finger = build_finger_verifier(settings)
    controller = GateController(GateParts(config=config, pipeline=chosen, calibration=calibration,
                                          pad=pad if pad is not None else load_pad(settings.minifasnet_dir),
                                          trust_store=trust, stop_list=stop_list, recorder=recorder, finger=finger,
                                          iris=iris))
    return GateRuntime(settings, store.db, store.audit, controller, store.cipher)
