"""An application's state at the registry, as the desk polls it.

``received`` (verified and stored; de-duplication not run yet) → ``dedup_clear`` (no candidate: the
desk may go on) or ``adjudication`` (candidates listed; a person decides) → ``accepted`` (different
people) or ``duplicate_rejected``; ``withdrawn`` when the desk rejected the application for another reason
(it leaves the gallery too).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from enrollment.registry.biometrics import DuplicateCandidate


class RegistryStatus(StrEnum):
    RECEIVED = "received"
    DEDUP_CLEAR = "dedup_clear"
    ADJUDICATION = "adjudication"
    DUPLICATE_REJECTED = "duplicate_rejected"
    ACCEPTED = "accepted"
    WITHDRAWN = "withdrawn"


IN_GALLERY = (RegistryStatus.DEDUP_CLEAR, RegistryStatus.ADJUDICATION, RegistryStatus.ACCEPTED)


@dataclass(frozen=True)
class ApplicationRecord:
    application_id: str
    packet_digest: str
    desk_id: str
    received_at: datetime
    status: RegistryStatus
    candidates: tuple[DuplicateCandidate, ...] = ()
    decided_by: str | None = None
