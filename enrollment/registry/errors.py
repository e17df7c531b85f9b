"""The registry's own refusals (a packet's are :mod:`enrollment.desk.packet_errors`), each with a code."""

from __future__ import annotations


class RegistryError(Exception):
    code = "REGISTRY_ERROR"

    def __init__(self, message: str) -> None:
        super().__init__(f"{self.code}: {message}")
        self.detail = message


class PacketConflict(RegistryError):
    """Another packet (different digest) is already held for this application id."""

    code = "PACKET_CONFLICT"


class ApplicationUnknown(RegistryError):
    code = "APPLICATION_UNKNOWN"


class NotInAdjudication(RegistryError):
    code = "APPLICATION_NOT_IN_ADJUDICATION"
