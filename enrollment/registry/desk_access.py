"""What an authenticated desk may do at the registry, and nothing more.

* upload a packet it signed itself (the packet's desk is the request's desk);
* read the status of its own applications (another desk's answer as unknown: no existence leak);
* read, for one of its applications in adjudication, each listed candidate's portrait and a summary
  of the candidate's demographics (what the supervisor compares side by side) — no other record;
* decide the adjudication of its own applications.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from enrollment.desk.packet_errors import PacketDeskMismatch
from enrollment.registry.errors import ApplicationUnknown
from enrollment.registry.service import Registry
from enrollment.registry.status import ApplicationRecord, RegistryStatus

SUMMARY_FIELDS = ("full_name", "birth_date", "sex", "nationality", "id_number", "place_of_origin",
                  "place_of_residence")


@dataclass(frozen=True)
class CandidateRecord:
    """The other application, as the registry holds it, for a supervisor's side-by-side view."""

    application_id: str
    desk_id: str
    received_at: datetime
    status: str
    demographics: Mapping[str, str]  # SUMMARY_FIELDS only
    portrait: bytes  # the DG2 token portrait JPEG


class DeskAccess:
    def __init__(self, registry: Registry) -> None:
        self.registry = registry

    def receive(self, desk_id: str, application_id: str, packet: bytes, now: datetime) -> ApplicationRecord:
        existing = self.registry.store_record(application_id)
        if existing is not None and existing.desk_id != desk_id:
            raise PacketDeskMismatch("the application belongs to another desk")
        record = self.registry.receive(application_id, packet, now, desk_id=desk_id)
        return record

    def status(self, desk_id: str, application_id: str) -> ApplicationRecord:
        record = self.registry.status(application_id)
        if record.desk_id != desk_id:
            raise ApplicationUnknown(f"no application {application_id}")
        return record

    def candidate(self, desk_id: str, application_id: str, candidate_id: str) -> CandidateRecord:
        record = self.status(desk_id, application_id)
        if candidate_id not in {c.application_id for c in record.candidates}:
            raise ApplicationUnknown(f"{candidate_id} is not a candidate of {application_id}")
        other = self.registry.status(candidate_id)
        contents = self.registry.contents(candidate_id)
        fields = {k: contents.demographics[k] for k in SUMMARY_FIELDS if k in contents.demographics}
        return CandidateRecord(candidate_id, other.desk_id, other.received_at, other.status.value, fields,
                               contents.face_jpeg)

    def adjudicate(self, desk_id: str, application_id: str, *, duplicate: bool, adjudicator: str) -> ApplicationRecord:
        """Idempotent: the same decision again answers the record (a desk retrying after a lost answer)."""
        record = self.status(desk_id, application_id)
        decided = RegistryStatus.DUPLICATE_REJECTED if duplicate else RegistryStatus.ACCEPTED
        if record.status is decided:
            return record
        return self.registry.adjudicate(application_id, duplicate=duplicate, adjudicator=adjudicator)

    def withdraw(self, desk_id: str, application_id: str, *, adjudicator: str) -> ApplicationRecord:
        self.status(desk_id, application_id)
        return self.registry.withdraw(application_id, decided_by=adjudicator)
