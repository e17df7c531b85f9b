"""The world a load run needs, made in a scratch folder: a country PKI, one chip card per kiosk (each its
own document: a document is held by one open transaction at a time), the gates with their API keys in the
service's SQLite database, and the environment that points ``egate serve`` at all of it."""

from __future__ import annotations

import base64
import io
import os
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from PIL import Image

from enrollment.icao.card_file import dumps
from enrollment.icao.pki.directory import init_pki, load_issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.personalise import personalise
from gate.demo import chip_photo, holder
from gate.settings import Settings
from gate.store import GateRepository, open_database, sqlite_url
from matcher.face.factory import build_pipeline

CHIP_PHOTO, LIVE_PHOTO = "obama2.jpg", "obama-480p.jpg"  # the card holder, and her at the gate's camera


@dataclass(frozen=True)
class Kiosk:
    gate_id: str
    api_key: str
    body: dict[str, str]  # POST /kiosk/transactions: the MRZ access key and the card file


@dataclass(frozen=True)
class LoadFixture:
    home: Path
    env: dict[str, str]
    kiosks: list[Kiosk]
    hostile: Kiosk
    live_frame: bytes  # JPEG of the card holder
    hostile_frame: bytes  # a blank 12 MP PNG (4000 x 2990): no DCT shortcut, the full decode

    @property
    def database_url(self) -> str:
        return sqlite_url(self.home / "egate.db")


def blank_png(width: int = 4000, height: int = 2990) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (128, 128, 128)).save(out, "PNG")
    return out.getvalue()


def prepare(home: Path, kiosks: int, settings: Settings) -> LoadFixture:
    samples = settings.face_samples_dir
    now = datetime.now(UTC)
    pki = init_pki(home / "pki", "ecdsa-p256", "VNM", now - timedelta(days=1))
    issuer = load_issuer(pki.root)
    face = chip_photo(build_pipeline("hog"), (samples / CHIP_PHOTO).read_bytes())
    base = holder(face, now)
    names = [f"kiosk-{n:02d}" for n in range(1, kiosks + 1)] + ["hostile"]
    db = open_database(sqlite_url(home / "egate.db"))
    made: list[Kiosk] = []
    try:
        for n, gate_id in enumerate(names):
            applicant = replace(base, document_number=f"0010890{n:05d}")
            card = personalise(applicant, issuer, generate_key("ecdsa-p256"), now)
            with db.sessions.begin() as session:
                _, api_key = GateRepository(session).create(gate_id, gate_id)
            made.append(Kiosk(gate_id, api_key, {
                "document_number": applicant.document_number, "birth_date": applicant.birth_date,
                "expiry_date": applicant.expiry_date, "card": base64.b64encode(dumps(card)).decode()}))
    finally:
        db.dispose()
    env = {**os.environ, "EGATE_HOME": str(home), "EGATE_SHARED": str(settings.shared),
           "EGATE_GATE__TRUST_STORE": str(pki.trust_store), "EGATE_GATE__TERMINAL_KEY": str(pki.terminal_key),
           "EGATE_GATE__QUALITY_PROFILE": "relaxed", "EGATE_API__UI": "false"}
    env.pop("EGATE_STORE__DATABASE_URL", None)
    return LoadFixture(home, env, made[:-1], made[-1], (samples / LIVE_PHOTO).read_bytes(), blank_png())
