"""How the outbox reaches the registry: one call, ``upload``, and its two kinds of failure.

``RegistryUnavailable`` is transient (no connection, timeout, a 5xx): the packet stays queued and
the outbox backs off. ``PacketRefused`` is the registry's typed answer that this packet will never
be accepted as it is (``code``, e.g. PACKET_UNTRUSTED_DESK or PACKET_CONFLICT): retrying cannot help.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class UploadReceipt:
    """The registry's acknowledgement: it holds this packet (same answer for every re-upload)."""

    application_id: str
    packet_digest: str
    status: str


class RegistryUnavailable(Exception):
    """The registry could not be reached or did not answer; try again later."""


class PacketRefused(Exception):
    """The registry refused the packet for good; ``code`` says why."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class PacketUploader(Protocol):
    def upload(self, application_id: str, packet: bytes) -> UploadReceipt: ...
