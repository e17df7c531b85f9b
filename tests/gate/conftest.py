"""A real gate for tests: a country PKI generated per session, cards issued from the sample photos,
a fresh SQLite database per test, one shared face pipeline and PAD (model loading is the slow part)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from enrollment.icao.card_file import CardImage
from enrollment.icao.inspection import AccessKey, ChipKey
from enrollment.icao.pki.directory import PkiLayout, init_pki, load_issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.personalise import Applicant, personalise
from gate.assembly import GateRuntime, build_face_pipeline, build_gate, load_pad
from gate.demo import chip_photo, holder
from gate.devices.camera import StillImageCamera
from gate.devices.chip_reader import FixedCardReader
from gate.devices.doors import SimulatedDoor
from gate.orchestrator import TransactionResult
from gate.ports import Camera, Door
from gate.settings import GateSettings, Settings
from gate.steps import Devices
from matcher.face.pad import PresentationAttackDetector
from matcher.face.pipeline import FacePipeline
from tests.conftest import require


@dataclass(frozen=True)
class World:
    pki: PkiLayout
    samples: Path
    pipeline: FacePipeline
    pad: PresentationAttackDetector
    now: datetime

    def photo(self, name: str) -> bytes:
        return (self.samples / name).read_bytes()

    def issue(self, photo: str = "obama2.jpg", *, expiry_days: int = 5 * 365) -> tuple[CardImage, AccessKey]:
        applicant = holder(chip_photo(self.pipeline, self.photo(photo)), self.now)
        expiry = (self.now + timedelta(days=expiry_days)).strftime("%y%m%d")
        applicant = Applicant(**{**applicant.__dict__, "expiry_date": expiry})
        card = personalise(applicant, load_issuer(self.pki.root), generate_key("ecdsa-p256"), self.now)
        return card, AccessKey(applicant.document_number, applicant.birth_date, expiry)


@pytest.fixture(scope="session")
def world(tmp_path_factory: pytest.TempPathFactory, face_samples: Path, shared_dir: Path) -> World:
    now = datetime.now(UTC)
    pki = init_pki(tmp_path_factory.mktemp("pki") / "pki", "ecdsa-p256", "VNM", now - timedelta(days=1))
    pad = load_pad(require(shared_dir / "models" / "minifasnet"))
    assert pad is not None
    relaxed = Settings(gate=GateSettings(quality_profile="relaxed"))  # the default pipeline, on press photos
    return World(pki, face_samples, build_face_pipeline(relaxed), pad, now)


GateFactory = Callable[..., GateRuntime]


@pytest.fixture
def make_gate(world: World, tmp_path: Path) -> Iterator[GateFactory]:
    built: list[GateRuntime] = []

    def make(*, home: Path | None = None, gate_id: str = "gate-01", **gate_settings: object) -> GateRuntime:
        settings = Settings(home=home or tmp_path / "home", gate=GateSettings(
            quality_profile="relaxed", trust_store=world.pki.trust_store, terminal_key=world.pki.terminal_key,
            **gate_settings))  # type: ignore[arg-type]
        settings.store.gate_id = gate_id
        runtime = build_gate(settings, pipeline=world.pipeline, pad=world.pad)
        built.append(runtime)
        return runtime

    yield make
    for runtime in built:
        runtime.db.dispose()


def devices(card: CardImage, frames: list[bytes] | Camera) -> Devices:
    camera = StillImageCamera(frames) if isinstance(frames, list) else frames
    return Devices(FixedCardReader(card), camera, SimulatedDoor("entry"), SimulatedDoor("exit"))


def events(door: Door) -> list[str]:
    assert isinstance(door, SimulatedDoor)
    return door.events


def run(runtime: GateRuntime, card: CardImage, key: ChipKey,
        frames: list[bytes] | Camera) -> tuple[TransactionResult, Devices]:
    d = devices(card, frames)
    ctx = runtime.controller.start(d, key)
    result = runtime.controller.run(ctx)
    assert result is not None
    return result, d
