"""The desk's link to the registry: its enrolment keys, its packet outbox and the registry client.

Opened on first use (a service that never enrols opens nothing): the enrolment PKI is read (or, for
the embedded registry only, created), the outbox file opened, and the client made — HTTP to
``registry_url`` with signed requests, or the embedded registry (its own SQLite store, the real
de-duplication) when no URL is configured. Every method is safe to call from several threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import structlog
from cryptography import x509

from enrollment.desk.outbox import Admission, Outbox, OutboxEntry, SyncReport
from enrollment.desk.packet import PacketContents
from enrollment.desk.packet_seal import DeskSigner, seal_packet
from enrollment.desk.registry_client import RegistryClient
from enrollment.registry.enrolment_trust import CertificateRefused, EnrolmentTrust, check_certificate

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class LinkParts:
    """What an open link holds."""

    signer: DeskSigner
    registry_certificate: x509.Certificate
    trust: EnrolmentTrust
    outbox: Outbox
    client: RegistryClient
    close: Callable[[], None]


class DeskRegistryLink:
    def __init__(self, opener: Callable[[], LinkParts], clock: Callable[[], datetime]) -> None:
        self._opener, self._clock = opener, clock
        self._parts: LinkParts | None = None
        self._lock = threading.Lock()

    @property
    def parts(self) -> LinkParts:
        with self._lock:
            if self._parts is None:
                self._parts = self._opener()
            return self._parts

    @property
    def opened(self) -> bool:
        return self._parts is not None

    @property
    def client(self) -> RegistryClient:
        return self.parts.client

    def admission(self, now: datetime) -> Admission:
        return self.parts.outbox.can_accept_new_application(now)

    def registry_trusted(self, now: datetime) -> bool:
        """Whether a packet could be sealed for the registry now: its certificate not revoked, and this
        desk's CRL current (otherwise: copy in the CA's next one)."""
        parts = self.parts
        try:
            check_certificate(parts.registry_certificate, parts.trust, "key_agreement", [now])
        except CertificateRefused as exc:
            log.warning("desk_registry_certificate_refused", problem=exc.problem.value)
            return False
        return True

    def queue(self, contents: PacketContents, now: datetime) -> str:
        """Seal the packet (desk key, registry certificate) and queue it; its digest."""
        parts = self.parts
        packet = seal_packet(contents, parts.signer, parts.registry_certificate, parts.trust, now)
        return parts.outbox.enqueue(contents.application_id, packet, now)

    def entry(self, application_id: str) -> OutboxEntry | None:
        return self.parts.outbox.entry(application_id)

    def sync(self, now: datetime) -> SyncReport:
        parts = self.parts
        report = parts.outbox.sync(parts.client, now)
        if report.refused:
            log.warning("desk_packets_refused", refused=report.refused)
        return report

    def close(self) -> None:
        with self._lock:
            if self._parts is not None:
                self._parts.outbox.close()
                self._parts.close()
                self._parts = None
