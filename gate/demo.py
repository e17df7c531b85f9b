"""The demonstration behind ``egate demo``: a country PKI, a Vietnamese chip ID card issued from a sample
photo, and three travellers at one gate — the card holder (OPEN), an impostor with the holder's card
(REFER: face mismatch) and a card whose DG2 photo was swapped for the impostor's (REFER: Passive
Authentication finds the hash mismatch). Sample photographs come from ``$EGATE_SHARED``.

The photos are press photographs, not gate-camera captures (faces smaller than the 120 px eye distance
of BSI TR-03121-3 Table 4.3), so the demo gate runs the ``relaxed`` quality profile and says so.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from enrollment.icao.biometric.iso19794_5 import FaceRecord
from enrollment.icao.card_file import CardImage
from enrollment.icao.inspection import AccessKey
from enrollment.icao.lds import registry
from enrollment.icao.lds.dg2 import encode_dg2
from enrollment.icao.lds.dg13 import Dg13Fields
from enrollment.icao.pki.directory import init_pki, load_issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.personalise import Applicant, personalise
from enrollment.photo import prepare_photo
from gate.assembly import GateRuntime, build_gate
from gate.devices.camera import StillImageCamera
from gate.devices.chip_reader import FixedCardReader
from gate.devices.doors import SimulatedDoor
from gate.orchestrator import TransactionResult
from gate.settings import GateSettings, Settings
from gate.steps import Devices
from matcher.face.pipeline import FacePipeline
from matcher.face.portrait import token_portrait
from matcher.image import decode_image, encode_jpeg

SAMPLES = ("obama2.jpg", "obama-480p.jpg", "obama_partial_face.jpg", "biden.jpg")


class DemoDataMissing(RuntimeError):
    pass


@dataclass(frozen=True)
class Traveller:
    title: str
    expected: str
    card: CardImage
    frames: tuple[bytes, ...]


def chip_photo(pipeline: FacePipeline, photo: bytes) -> FaceRecord:
    image = decode_image(photo).rgb
    portrait = token_portrait(image, pipeline.capture(image).face.landmarks)
    prepared = prepare_photo(encode_jpeg(portrait, quality=92))
    return FaceRecord(prepared.jpeg, "jpeg", prepared.width, prepared.height, "M")


def holder(face: FaceRecord, now: datetime) -> Applicant:
    expiry = (now + timedelta(days=5 * 365)).strftime("%y%m%d")
    dg13 = Dg13Fields(id_number="001089012345", full_name="Nguyễn Văn An", birth_date="04/08/1989",
                      sex="Nam", nationality="Việt Nam", place_of_origin="Hà Nội",
                      place_of_residence="Quận Ba Đình, Hà Nội",
                      expiry_date=f"{expiry[4:]}/{expiry[2:4]}/20{expiry[:2]}")
    return Applicant("TD1", "001089012345", "NGUYEN", "VAN AN", "890804", expiry, face, "M", "VNM", "VNM",
                     dg13=dg13)


def swap_photo(card: CardImage, face: FaceRecord) -> CardImage:
    """The classic alteration: a new DG2 photo, the signed EF.SOD left as it was."""
    files = dict(card.files)
    files[registry.dg(2).fid] = encode_dg2([face])
    return replace(card, files=files)


def prepare(base: Settings, workdir: Path, now: datetime) -> tuple[GateRuntime, AccessKey, list[Traveller]]:
    samples = base.face_samples_dir
    missing = [name for name in SAMPLES if not (samples / name).is_file()]
    if missing:
        raise DemoDataMissing(f"sample photos missing in {samples}: {', '.join(missing)} (set EGATE_SHARED)")
    shutil.rmtree(workdir, ignore_errors=True)
    pki = init_pki(workdir / "pki", "ecdsa-p256", "VNM", now)
    settings = base.model_copy(update={"home": workdir, "gate": GateSettings(
        quality_profile="relaxed", trust_store=pki.trust_store, terminal_key=pki.terminal_key)})
    runtime = build_gate(settings)
    pipeline = runtime.controller.pipeline
    read: Callable[[str], bytes] = lambda name: (samples / name).read_bytes()  # noqa: E731
    applicant = holder(chip_photo(pipeline, read("obama2.jpg")), now)
    card = personalise(applicant, load_issuer(workdir / "pki"), generate_key("ecdsa-p256"), now)
    key = AccessKey(applicant.document_number, applicant.birth_date, applicant.expiry_date)
    impostor_face = chip_photo(pipeline, read("biden.jpg"))
    travellers = [
        Traveller("card holder", "OPEN", card, (read("obama_partial_face.jpg"), read("obama-480p.jpg"))),
        Traveller("impostor with the holder's card", "REFER", card, (read("biden.jpg"),)),
        Traveller("impostor with the photo swapped on the chip", "REFER",
                  swap_photo(card, impostor_face), (read("biden.jpg"),)),
    ]
    return runtime, key, travellers


def run_traveller(runtime: GateRuntime, key: AccessKey, traveller: Traveller) -> tuple[TransactionResult, Devices]:
    devices = Devices(chip_reader=FixedCardReader(traveller.card), camera=StillImageCamera(traveller.frames),
                      entry_door=SimulatedDoor("entry"), exit_door=SimulatedDoor("exit"))
    controller = runtime.controller
    ctx = controller.start(devices, key)
    result = controller.run(ctx)
    assert result is not None
    return result, devices


def now_utc() -> datetime:
    return datetime.now(UTC)
