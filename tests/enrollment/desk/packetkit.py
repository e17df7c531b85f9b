"""An enrolment PKI and packet contents made in memory for the packet, outbox and registry tests."""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import numpy as np
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from PIL import Image

from enrollment.desk.packet import PacketContents
from enrollment.desk.packet_seal import DeskSigner, RegistryKey, seal_packet
from enrollment.icao.pki.keys import PrivateKey, generate_key
from enrollment.registry import enrolment_pki
from enrollment.registry.enrolment_trust import EnrolmentTrust

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
DESK_ID = "desk-hanoi-1"


@dataclass(frozen=True)
class Pki:
    ca: x509.Certificate
    ca_key: PrivateKey
    desk: DeskSigner
    registry: RegistryKey
    trust: EnrolmentTrust

    def desk_for(self, desk_id: str, *, issued: datetime = NOW, days: int = 730) -> DeskSigner:
        key = generate_key("ecdsa-p256")
        cert = enrolment_pki.issue_desk_certificate(self.ca, self.ca_key, key.public_key(), desk_id, issued, days)
        return DeskSigner(cert, key)

    def with_revoked(self, serial: int) -> EnrolmentTrust:
        crl = enrolment_pki.issue_enrolment_crl(self.ca, self.ca_key, NOW, (serial,))
        return EnrolmentTrust(self.trust.cas, (crl,))


def make_pki(now: datetime = NOW) -> Pki:
    ca_key = generate_key("ecdsa-p256")
    ca = enrolment_pki.issue_enrolment_ca(ca_key, now - timedelta(days=1))
    registry_key = ec.generate_private_key(ec.SECP256R1())
    registry = enrolment_pki.issue_registry_certificate(ca, ca_key, registry_key.public_key(), now - timedelta(days=1))
    crl = enrolment_pki.issue_enrolment_crl(ca, ca_key, now)
    pki = Pki(ca, ca_key, DeskSigner(ca, ca_key), RegistryKey(registry, registry_key), EnrolmentTrust((ca,), (crl,)))
    return Pki(ca, ca_key, pki.desk_for(DESK_ID, issued=now - timedelta(days=1)), pki.registry, pki.trust)


def image_bytes(seed: int, fmt: str, size: int = 64) -> bytes:
    pixels = np.random.default_rng(seed).integers(0, 256, (size, size), dtype=np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels).save(out, format=fmt)
    return out.getvalue()


def contents(seed: int = 1, *, desk_id: str = DESK_ID, face: bytes | None = None,
             name: str = "NGUYỄN VĂN AN") -> PacketContents:
    rng = np.random.default_rng(seed)
    return PacketContents(
        application_id=uuid.UUID(int=int(rng.integers(1, 2**62))).hex, desk_id=desk_id, created_at=NOW,
        demographics={"full_name": name, "birth_date": "1990-04-12", "sex": "M", "id_number": "001090012345"},
        face_jpeg=face if face is not None else image_bytes(seed, "JPEG"),
        finger_images={2: image_bytes(seed + 100, "PNG"), 7: image_bytes(seed + 101, "PNG")},
        finger_templates={2: rng.bytes(300), 7: rng.bytes(280)},
        iris_images={"right": image_bytes(seed + 200, "PNG"), "left": image_bytes(seed + 201, "PNG")},
        iris_templates={"right": rng.bytes(512), "left": rng.bytes(512)},
        exceptions={"finger:1": "AMPUTATED"}, operator="clerk.lan", supervisor="supervisor.minh",
    )


def sealed(pki: Pki, packet_contents: PacketContents, now: datetime = NOW) -> bytes:
    return seal_packet(packet_contents, pki.desk, pki.registry.certificate, pki.trust, now)
