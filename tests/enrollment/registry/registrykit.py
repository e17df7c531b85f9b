"""A registry for tests: SQLite store, a de-duplication double, and an uploader that calls it directly."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from pathlib import Path

from enrollment.desk.outbox_http import RequestSigner
from enrollment.desk.outbox_transport import PacketRefused, RegistryUnavailable, UploadReceipt
from enrollment.desk.packet_errors import PacketError
from enrollment.desk.packet_seal import DeskSigner
from enrollment.registry.biometrics import ApplicantBiometrics, DuplicateCandidate
from enrollment.registry.desk_requests import sign_request
from enrollment.registry.errors import RegistryError
from enrollment.registry.service import Registry
from enrollment.registry.store import ApplicationStore
from tests.enrollment.desk.packetkit import NOW, Pki


class SameFaceDeduplicator:
    """The Deduplicator port with byte equality of the face as the 'matcher': the same JPEG is a
    duplicate (FMR 1e-6), anything else is not. ``fail`` makes the next search raise."""

    def __init__(self) -> None:
        self.gallery: dict[str, ApplicantBiometrics] = {}
        self.fail = False

    def search(self, applicant: ApplicantBiometrics, *, exclude: Collection[str] = ()) -> list[DuplicateCandidate]:
        if self.fail:
            raise RuntimeError("gallery unavailable")
        return [DuplicateCandidate(other, 1e-6, {"face": 1e-6}) for other, enrolled in sorted(self.gallery.items())
                if other not in exclude and enrolled.face_jpeg == applicant.face_jpeg]

    def enroll(self, application_id: str, applicant: ApplicantBiometrics) -> None:
        self.gallery[application_id] = applicant

    def remove(self, application_id: str) -> None:
        self.gallery.pop(application_id, None)

    def count(self) -> int:
        return len(self.gallery)


def make_registry(pki: Pki, directory: Path, dedup: SameFaceDeduplicator | None = None) -> Registry:
    store = ApplicationStore.from_url(f"sqlite:///{directory / 'registry.db'}")
    return Registry(store, dedup or SameFaceDeduplicator(), pki.registry, pki.trust)


class DirectUploader:
    """The PacketUploader port straight into a Registry; ``down`` simulates an outage, ``crash_after_send``
    delivers the packet and then loses the answer (the process dies before the receipt is recorded)."""

    def __init__(self, registry: Registry, now: datetime = NOW) -> None:
        self.registry, self.now = registry, now
        self.down = False
        self.crash_after_send = False
        self.calls: list[str] = []

    def upload(self, application_id: str, packet: bytes) -> UploadReceipt:
        self.calls.append(application_id)
        if self.down:
            raise RegistryUnavailable("connection refused")
        try:
            record = self.registry.receive(application_id, packet, self.now)
        except (PacketError, RegistryError) as exc:
            raise PacketRefused(exc.code, exc.detail) from None
        if self.crash_after_send:
            raise SimulatedCrash("the desk died before recording the receipt")
        return UploadReceipt(record.application_id, record.packet_digest, record.status.value)


class SimulatedCrash(BaseException):
    """Not an Exception: nothing in the outbox may catch it, like a power cut."""


def signer(pki: Pki, now: datetime = NOW, desk: DeskSigner | None = None) -> RequestSigner:
    """Sign each request as the test PKI's desk, at ``now`` (the registry's clock in these tests)."""
    return lambda method, path, body: sign_request(desk or pki.desk, method, path, body, now)
