"""Test helpers: a throw-away country PKI, a synthetic face JPEG and issued virtual cards."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta

import cv2
import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.biometric.iso19794_5 import FaceRecord
from enrollment.icao.card_file import CardImage
from enrollment.icao.lds.dg13 import Dg13Fields
from enrollment.icao.pki import issuance
from enrollment.icao.pki.directory import Issuer
from enrollment.icao.pki.keys import Algorithm, PrivateKey, generate_key
from enrollment.icao.pki.trust_store import TrustStore
from enrollment.personalise import Applicant, personalise

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
FMR = b"FMR\x00 20\x00" + bytes(40)  # header-shaped bytes; DG3 carries records opaquely


@dataclass(frozen=True)
class Pki:
    csca: x509.Certificate
    csca_key: PrivateKey
    ds: x509.Certificate
    ds_key: PrivateKey
    crl: x509.CertificateRevocationList
    terminal_key: ec.EllipticCurvePrivateKey

    def issuer(self) -> Issuer:
        public = self.terminal_key.public_key()
        return Issuer(self.ds, self.ds_key, public)

    def trust_store(self, *, with_crl: bool = True, with_terminal: bool = True) -> TrustStore:
        return TrustStore((self.csca,), (self.crl,) if with_crl else (),
                          self.terminal_key if with_terminal else None)


def make_pki(algorithm: Algorithm = "ecdsa-p256", country: str = "VN", *, ds_days: int = 1095,
             revoke_ds: bool = False, now: datetime = NOW) -> Pki:
    csca_key, ds_key = generate_key(algorithm), generate_key(algorithm)
    csca = issuance.issue_csca(csca_key, country, now)
    ds = issuance.issue_document_signer(csca, csca_key, ds_key.public_key(), country, now, days=ds_days)
    crl = issuance.issue_crl(csca, csca_key, now, (ds.serial_number,) if revoke_ds else ())
    return Pki(csca, csca_key, ds, ds_key, crl, ec.generate_private_key(ec.SECP256R1()))


def face_jpeg(width: int = 120, height: int = 160) -> bytes:
    rng = np.random.default_rng(7)
    image = cv2.GaussianBlur(rng.integers(0, 255, (height, width, 3), dtype=np.uint8), (9, 9), 3)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 70])
    assert ok
    return bytes(data.tobytes())


def applicant(**changes: object) -> Applicant:
    base = Applicant(
        "TD1", "001099012345", "Nguyễn Văn", "Đức", "990101", "390101",
        FaceRecord(face_jpeg(), "jpeg", 120, 160, "M"), "M", finger_templates=(FMR, FMR[:-1] + b"\x01"),
        dg13=Dg13Fields(id_number="001099012345", full_name="Nguyễn Văn Đức", place_of_origin="Hà Nội",
                        place_of_residence="Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh", ethnicity="Kinh"),
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def issue(pki: Pki, who: Applicant | None = None, aa_key: PrivateKey | None = None,
          now: datetime = NOW) -> CardImage:
    return personalise(who or applicant(), pki.issuer(), aa_key or generate_key("ecdsa-p256"), now)


def later(days: int) -> datetime:
    return NOW + timedelta(days=days)
