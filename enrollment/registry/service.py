"""The registry: receives packets, keeps them, de-duplicates each applicant, records adjudication.

Receiving is idempotent on (application id, packet digest): the same packet again gets the current
status, a different packet for a known application is PACKET_CONFLICT. Every applicant is enrolled
in the de-duplication gallery once searched — also those sent to adjudication, so that two
duplicates arriving close together still find each other — and removed if rejected as a duplicate.
A de-duplication that fails leaves the application ``received``; :meth:`Registry.process_received`
runs it again (called at start-up with :meth:`Registry.restore_gallery`).
"""

from __future__ import annotations

import logging
import re
import threading
from datetime import datetime

from enrollment.desk.packet import PacketContents
from enrollment.desk.packet_errors import PacketDeskMismatch, PacketMalformed
from enrollment.desk.packet_seal import RegistryKey, open_packet, packet_digest, read_accepted_packet
from enrollment.registry.biometrics import ApplicantBiometrics
from enrollment.registry.enrolment_trust import EnrolmentTrust
from enrollment.registry.errors import ApplicationUnknown, NotInAdjudication, PacketConflict
from enrollment.registry.ports import Deduplicator
from enrollment.registry.status import IN_GALLERY, ApplicationRecord, RegistryStatus
from enrollment.registry.store import AlreadyStored, ApplicationStore

log = logging.getLogger(__name__)
_APPLICATION_ID = re.compile(r"[0-9a-f]{32}")


def applicant_of(contents: PacketContents) -> ApplicantBiometrics:
    return ApplicantBiometrics(contents.face_jpeg, dict(contents.finger_templates), dict(contents.iris_templates))


class Registry:
    def __init__(self, store: ApplicationStore, deduplicator: Deduplicator, key: RegistryKey,
                 trust: EnrolmentTrust) -> None:
        self._store, self._dedup, self._key, self._trust = store, deduplicator, key, trust
        self._lock = threading.Lock()

    @property
    def trust(self) -> EnrolmentTrust:
        return self._trust

    @property
    def store(self) -> ApplicationStore:
        return self._store

    def store_record(self, application_id: str) -> ApplicationRecord | None:
        return self._store.get(application_id)

    def receive(self, application_id: str, packet: bytes, now: datetime, *,
                desk_id: str | None = None) -> ApplicationRecord:
        """Verify, store and de-duplicate one uploaded packet; its record (typed errors otherwise).
        ``desk_id``: the desk that uploads it (an authenticated request), which must have signed it."""
        if not _APPLICATION_ID.fullmatch(application_id):
            raise PacketMalformed("an application id is 32 lowercase hexadecimal digits")
        digest = packet_digest(packet)
        existing = self._store.get(application_id)
        if existing is not None:
            return self._same(existing, digest)
        opened = open_packet(packet, application_id, self._key, self._trust, now)
        if desk_id is not None and opened.contents.desk_id != desk_id:
            raise PacketDeskMismatch("the packet is signed by another desk than the one uploading it")
        record = ApplicationRecord(application_id, digest, opened.contents.desk_id, now, RegistryStatus.RECEIVED)
        with self._lock:
            try:
                self._store.insert(record, packet)
            except AlreadyStored:
                stored = self._store.get(application_id)
                assert stored is not None
                return self._same(stored, digest)
            self._deduplicate(application_id, opened.contents)
        return self.status(application_id)

    def status(self, application_id: str) -> ApplicationRecord:
        record = self._store.get(application_id)
        if record is None:
            raise ApplicationUnknown(f"no application {application_id}")
        return record

    def count(self) -> int:
        """How many applications the registry holds."""
        return self._store.count()

    def adjudicate(self, application_id: str, *, duplicate: bool, adjudicator: str) -> ApplicationRecord:
        """A person's decision on an application in adjudication: duplicate (rejected) or different people."""
        with self._lock:
            record = self.status(application_id)
            if record.status is not RegistryStatus.ADJUDICATION:
                raise NotInAdjudication(f"application {application_id} is {record.status.value}")
            if duplicate:
                self._dedup.remove(application_id)
                self._store.set_status(application_id, RegistryStatus.DUPLICATE_REJECTED, decided_by=adjudicator)
            else:
                self._store.set_status(application_id, RegistryStatus.ACCEPTED, decided_by=adjudicator)
        return self.status(application_id)

    def withdraw(self, application_id: str, *, decided_by: str) -> ApplicationRecord:
        """The desk rejected the application (documents, withdrawal, fraud...): out of the gallery. Idempotent."""
        with self._lock:
            record = self.status(application_id)
            if record.status in (RegistryStatus.WITHDRAWN, RegistryStatus.DUPLICATE_REJECTED):
                return record
            if record.status in IN_GALLERY:
                self._dedup.remove(application_id)
            self._store.set_status(application_id, RegistryStatus.WITHDRAWN, decided_by=decided_by)
        return self.status(application_id)

    def restore_gallery(self) -> int:
        """Re-enrol every stored applicant into an empty gallery (after a restart); how many."""
        with self._lock:
            if self._dedup.count() > 0:
                return 0
            restored = 0
            for application_id in self._store.ids_with_status(*IN_GALLERY):
                self._dedup.enroll(application_id, applicant_of(self._contents(application_id)))
                restored += 1
        return restored

    def process_received(self) -> int:
        """Run the de-duplication again for applications left ``received``; how many were processed."""
        processed = 0
        with self._lock:
            for application_id in self._store.ids_with_status(RegistryStatus.RECEIVED):
                processed += self._deduplicate(application_id, self._contents(application_id))
        return processed

    def contents(self, application_id: str) -> PacketContents:
        """The stored packet's contents (decrypted again; for the side-by-side view)."""
        return self._contents(application_id)

    def _contents(self, application_id: str) -> PacketContents:
        packet = self._store.packet(application_id)
        if packet is None:
            raise ApplicationUnknown(f"no application {application_id}")
        return read_accepted_packet(packet, self._key)

    def _same(self, record: ApplicationRecord, digest: str) -> ApplicationRecord:
        if record.packet_digest != digest:
            raise PacketConflict(f"application {record.application_id} is held with another packet")
        return record

    def _deduplicate(self, application_id: str, contents: PacketContents) -> int:
        applicant = applicant_of(contents)
        try:
            candidates = tuple(self._dedup.search(applicant, exclude=(application_id,)))
            self._dedup.enroll(application_id, applicant)
        except Exception:  # the port's failures are not typed; the packet is kept and retried later
            log.exception("de-duplication failed for an application; it stays 'received'")
            return 0
        status = RegistryStatus.ADJUDICATION if candidates else RegistryStatus.DEDUP_CLEAR
        self._store.set_status(application_id, status, candidates=candidates)
        return 1
