"""Operational settings: one pydantic-settings model, read from ``EGATE_*`` environment variables.

Algorithm constants live beside the algorithms (``matcher/*/params.py``); this model only holds what an
operator chooses: where shared data lives, which detector and embedder run, the FMR target, storage.
Build it with :func:`load_settings`; nothing reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, IPvAnyNetwork, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from gate.store.settings import StoreSettings

REPO_ROOT = Path(__file__).resolve().parent.parent

FmrTarget = Literal["0.01", "0.001", "0.0001"]


class FaceSettings(BaseModel):
    """The default is the best measured pipeline (LFW all pairs, README): YuNet, Intel's face-reid-0095 on
    ONNX Runtime, flip augmentation — it needs two model files from ``EGATE_SHARED/models``. The pipeline
    built only from PyPI packages stays selectable: detector ``hog``, embedder ``dlib-resnet-v1`` (or its
    ONNX port ``dlib-resnet-v1-onnx``), no flip."""

    detector: Literal["hog", "cnn", "yunet"] = "yunet"
    embedder: str = Field(default="omz-face-reid-0095",
                          description="dlib-resnet-v1 (dlib) or a model id from models/manifests (ONNX)")
    flip: bool = Field(default=True, description="test-time augmentation: average with the mirrored crop")
    fmr_target: FmrTarget = "0.001"
    upsample: int = Field(default=1, ge=0, le=2)


class GateSettings(BaseModel):
    """How this gate decides (BSI TR-03121-3): time budget, PAD alarm, which checks are mandatory."""

    capture_budget_s: float = Field(default=10.0, gt=0, le=60)
    max_frames: int = Field(default=60, ge=1)
    pad_alarm_threshold: float = Field(default=0.5, gt=0, le=1)
    require_active_auth: bool = True
    finger_mode: Literal["off", "when_available", "required"] = "off"
    fuse_modalities: bool = Field(default=True, description="when a fingerprint or iris is compared too, judge "
                                   "every modality compared together through their calibrated FMR curves")
    iris_mode: Literal["off", "when_available", "required"] = Field(
        default="off", description="both eyes against DG4 (read behind terminal authentication)")
    finger_extractor: Literal["leader", "gabor-mindtct", "mindtct"] = "leader"
    finger_matcher: Literal["mcc", "mcc-lsa", "bozorth3"] = "mcc"
    quality_profile: Literal["border-capture", "relaxed"] = "border-capture"
    trust_store: Path | None = Field(default=None,
                                     description="CSCA master-list folder (default <home>/pki/trust-store)")
    terminal_key: Path | None = Field(default=None, description="inspection-system key for DG3 (simplified EAC)")
    stop_list: Path | None = Field(default=None, description="lost/stolen documents, 'STATE NUMBER' per line")


class ApiSettings(BaseModel):
    """The HTTP service (``EGATE_API__*``): officer tokens, kiosk transaction limits, sign-in throttling."""

    token_key: SecretStr | None = Field(default=None, description="officer-token HMAC key (>= 32 bytes)")
    token_key_file: Path | None = Field(default=None, description="default <home>/keys/api-token.key")
    token_ttl_s: int = Field(default=8 * 3600, ge=60, le=7 * 24 * 3600)
    # at most 10 min: below the 15 min after which an undecided transaction stops holding its document
    transaction_ttl_s: float = Field(default=120.0, gt=0, le=600,
                                     description="a transaction waiting for frames longer is referred")
    max_frames: int = Field(default=10, ge=1, le=60)
    max_frame_bytes: int = Field(default=2 * 1024 * 1024, ge=1024, le=32 * 1024 * 1024)
    max_card_bytes: int = Field(default=1024 * 1024, ge=1024, le=16 * 1024 * 1024)
    ui: bool = Field(default=True, description="serve the kiosk and officer pages under /ui")
    sign_in_max_failures: int = Field(default=5, ge=1, le=100, description="failed sign-ins that lock a username")
    sign_in_max_client_failures: int = Field(default=20, ge=1, le=1000,
                                             description="failed sign-ins that lock a client address")
    sign_in_window_s: float = Field(default=900.0, gt=0, description="...counted over this window")
    sign_in_lockout_s: float = Field(default=900.0, gt=0, description="how long the lock lasts")
    trusted_proxies: list[IPvAnyNetwork] = Field(
        default_factory=list, description="reverse proxies whose X-Forwarded-For is believed (JSON list of "
        "addresses or networks); none by default: the header is ignored")
    face_workers: int | None = Field(default=None, ge=1, le=64,
                                     description="face engines working side by side (default: the CPU cores)")
    frame_work_side: int = Field(default=1920, ge=320, le=4096, description="the longer side of the frames the "
                                 "face pipeline works on (the gate camera's); larger frames are reduced to it by a "
                                 "worker process at idle CPU priority")
    oversized_frames_per_gate: int = Field(default=1, ge=1, le=10,
                                           description="oversized frames one gate may have waiting or decoding")
    heartbeat_s: float = Field(default=10.0, ge=1, le=60, description="how often the service touches the "
                               "transactions it holds; 6 missed beats and recovery may close them")
    oversized_frame_timeout_s: float = Field(default=10.0, gt=0, le=60,
                                             description="an oversized frame not decoded by then is refused (503)")


class DeskSettings(BaseModel):
    """The enrolment desk this service runs (``EGATE_DESK__*``)."""

    desk_id: str = Field(default="desk-01", pattern=r"^[A-Za-z0-9_.-]{1,40}$",
                         description="its audit chain is desk:<desk_id>")
    pki: Path | None = Field(default=None, description="issuing PKI (Document Signer); default <home>/pki")
    face_profile: Literal["border-capture", "relaxed"] = "border-capture"
    fingers: list[int] = Field(default=list(range(1, 11)), description="ISO finger positions to capture")
    eyes: list[Literal["right", "left"]] = ["right", "left"]
    max_tries: int = Field(default=3, ge=1, le=10, description="finger and iris attempts before an exception")
    max_upload_bytes: int = Field(default=4 * 1024 * 1024, ge=1024, le=32 * 1024 * 1024)
    purge_on_issue: bool = Field(default=True, description="delete the raw biometrics once the card is issued")
    enrolment_pki: Path | None = Field(default=None, description="enrolment PKI (`egate desk pki init`): the desk "
                                       "key and certificate, the CA and registry certificates; default "
                                       "<home>/enrolment-pki (made on first use when the registry is embedded)")
    registry_url: str | None = Field(default=None, description="the registry (`egate registry serve`); none: a "
                                     "registry embedded in this service, its own SQLite file beside the desk's")
    outbox: Path | None = Field(default=None, description="the packet queue; default <home>/desk/<desk_id>-outbox.db")
    registry_database: str | None = Field(default=None, description="the embedded registry's SQLAlchemy URL; "
                                          "default sqlite:///<home>/desk/registry.db")
    max_unsynced_packets: int = Field(default=200, ge=1, description="DESK_QUEUE_FULL at this many unsynced packets")
    max_unsynced_hours: float = Field(default=72.0, gt=0, description="DESK_UNSYNCED_TOO_LONG beyond this age")
    sync_interval_s: float = Field(default=15.0, ge=0.5, le=3600, description="upload and poll every so often")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="EGATE_", env_nested_delimiter="__", extra="ignore")

    shared: Path = Field(default=REPO_ROOT.parent / "shared", description="EGATE_SHARED: data and models")
    home: Path = Field(default=REPO_ROOT / ".egate", description="EGATE_HOME: keys, databases, caches")
    face: FaceSettings = FaceSettings()
    gate: GateSettings = GateSettings()
    store: StoreSettings = StoreSettings()
    api: ApiSettings = ApiSettings()
    desk: DeskSettings = DeskSettings()

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"

    @property
    def model_cache_dir(self) -> Path:
        """Where converted models are built on first use."""
        return self.cache_dir / "models"

    @property
    def models_root(self) -> Path:
        """Model files that PyPI does not ship (``EGATE_SHARED/models``)."""
        return self.shared / "models"

    @property
    def yunet_model(self) -> Path:
        return self.shared / "models" / "yunet" / "face_detection_yunet_2023mar.onnx"

    @property
    def minifasnet_dir(self) -> Path:
        return self.shared / "models" / "minifasnet"

    @property
    def lfw_dir(self) -> Path:
        return self.shared / "data" / "faces" / "lfw"

    @property
    def face_samples_dir(self) -> Path:
        return self.shared / "data" / "faces" / "samples"

    @property
    def fingerprints_dir(self) -> Path:
        return self.shared / "data" / "fingerprints"


def load_settings() -> Settings:
    """Read the settings from the environment (``EGATE_SHARED``, ``EGATE_HOME``, ``EGATE_FACE__DETECTOR``…)."""
    return Settings()
