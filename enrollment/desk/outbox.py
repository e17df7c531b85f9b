"""The desk's packet queue: packets wait here until the registry acknowledges them.

* **Idempotent and resumable**: a packet stays ``pending`` until a receipt for its application id
  *and* digest is recorded; a crash between sending and recording just sends it again, and the
  registry answers the same for a packet it already holds.
* **Backoff**: when the registry is unreachable, the whole outbox waits (doubling, capped, jittered)
  before it tries again — one failed packet does not make the next one try at once.
* **Purge**: on acknowledgement the packet bytes are dropped (overwritten: ``secure_delete``),
  only digest and status stay, and ``on_acknowledged(application_id)`` lets the desk purge its own
  copy of the raw biometrics; a purge cut short by a crash is finished on the next sync.
* **Refusal of new work**: :meth:`Outbox.can_accept_new_application` says no (DESK_QUEUE_FULL,
  DESK_UNSYNCED_TOO_LONG) when too many packets are unsynced or the oldest has waited too long.
  Unsynced = pending or refused by the registry (a refused packet needs a person).
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from enrollment.desk.outbox_db import open_outbox_db
from enrollment.desk.outbox_transport import PacketRefused, PacketUploader, RegistryUnavailable, UploadReceipt
from enrollment.desk.packet_seal import packet_digest


class DeskRefusal(Exception):
    """The desk must not take this work now; ``code`` is DESK_QUEUE_FULL or DESK_UNSYNCED_TOO_LONG."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code


class OutboxConflict(Exception):
    """A different packet is already queued for this application id."""

    code = "DESK_PACKET_CONFLICT"


@dataclass(frozen=True)
class OutboxPolicy:
    max_unsynced_packets: int = 200
    max_unsynced_age: timedelta = timedelta(days=3)
    backoff_base: timedelta = timedelta(seconds=30)
    backoff_cap: timedelta = timedelta(hours=1)


@dataclass(frozen=True)
class Admission:
    allowed: bool
    code: str | None
    unsynced: int
    oldest_unsynced_at: datetime | None


@dataclass(frozen=True)
class OutboxEntry:
    application_id: str
    digest: str
    state: str
    attempts: int
    has_packet: bool
    registry_status: str | None
    last_error: str | None


@dataclass
class SyncReport:
    acknowledged: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)
    unavailable: bool = False
    backing_off_until: datetime | None = None


def _ts(moment: datetime) -> float:
    return moment.astimezone(UTC).timestamp()


def _dt(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


class Outbox:
    def __init__(self, path: Path, policy: OutboxPolicy | None = None,
                 on_acknowledged: Callable[[str], None] | None = None,
                 jitter: Callable[[], float] = random.random) -> None:
        self._db = open_outbox_db(path)
        self._policy = policy or OutboxPolicy()
        self._on_acknowledged = on_acknowledged
        self._jitter = jitter
        self._lock = threading.RLock()

    def close(self) -> None:
        self._db.close()

    def can_accept_new_application(self, now: datetime) -> Admission:
        """Whether the desk may open a new application now, and if not the code saying why."""
        with self._lock:
            count, oldest = self._db.execute(
                "SELECT COUNT(*), MIN(queued_at) FROM packets WHERE state != 'acknowledged'").fetchone()
        oldest_at = None if oldest is None else _dt(oldest)
        code = None
        if count >= self._policy.max_unsynced_packets:
            code = "DESK_QUEUE_FULL"
        elif oldest_at is not None and now - oldest_at > self._policy.max_unsynced_age:
            code = "DESK_UNSYNCED_TOO_LONG"
        return Admission(code is None, code, count, oldest_at)

    def enqueue(self, application_id: str, packet: bytes, now: datetime) -> str:
        """Queue a sealed packet (idempotent for the same bytes); its digest."""
        digest = packet_digest(packet)
        with self._lock:
            row = self._db.execute("SELECT digest FROM packets WHERE application_id = ?", (application_id,)).fetchone()
            if row is not None:
                if row[0] != digest:
                    raise OutboxConflict(f"another packet is already queued for application {application_id}")
                return digest
            admission = self.can_accept_new_application(now)
            if admission.code == "DESK_QUEUE_FULL":
                raise DeskRefusal("DESK_QUEUE_FULL", f"{admission.unsynced} packets wait for the registry")
            self._db.execute("INSERT INTO packets (application_id, digest, packet, state, queued_at) "
                             "VALUES (?, ?, ?, 'pending', ?)", (application_id, digest, packet, _ts(now)))
        return digest

    def entry(self, application_id: str) -> OutboxEntry | None:
        with self._lock:
            row = self._db.execute(
                "SELECT application_id, digest, state, attempts, packet IS NOT NULL, registry_status, last_error "
                "FROM packets WHERE application_id = ?", (application_id,)).fetchone()
        return None if row is None else OutboxEntry(row[0], row[1], row[2], row[3], bool(row[4]), row[5], row[6])

    def sync(self, uploader: PacketUploader, now: datetime) -> SyncReport:
        """Upload every pending packet once, oldest first, unless the outbox is backing off."""
        report = SyncReport()
        with self._lock:
            self._finish_purges()
            failures, retry_at = self._db.execute(
                "SELECT consecutive_failures, retry_at FROM sync_state WHERE id = 1").fetchone()
            if failures and _ts(now) < retry_at:
                report.unavailable, report.backing_off_until = True, _dt(retry_at)
                return report
            pending = self._db.execute("SELECT application_id, digest, packet FROM packets "
                                       "WHERE state = 'pending' ORDER BY queued_at, application_id").fetchall()
            for application_id, digest, packet in pending:
                if not self._send(uploader, application_id, digest, packet, now, report):
                    self._back_off(failures + 1, now, report)
                    return report
            self._db.execute("UPDATE sync_state SET consecutive_failures = 0, retry_at = 0, last_success_at = ? "
                             "WHERE id = 1", (_ts(now),))
            self._finish_purges()
        return report

    def _send(self, uploader: PacketUploader, application_id: str, digest: str, packet: bytes, now: datetime,
              report: SyncReport) -> bool:
        """False when the registry is unavailable (stop the round); True otherwise."""
        self._db.execute("UPDATE packets SET attempts = attempts + 1 WHERE application_id = ?", (application_id,))
        try:
            receipt = uploader.upload(application_id, packet)
        except RegistryUnavailable as exc:
            self._db.execute("UPDATE packets SET last_error = ? WHERE application_id = ?",
                             (f"REGISTRY_UNAVAILABLE: {exc}"[:500], application_id))
            return False
        except PacketRefused as exc:
            self._refuse(application_id, exc.code, report)
            return True
        if receipt.application_id != application_id or receipt.packet_digest != digest:
            self._refuse(application_id, "DESK_RECEIPT_MISMATCH", report)
            return True
        self._acknowledge(receipt, now)
        report.acknowledged.append(application_id)
        return True

    def _refuse(self, application_id: str, code: str, report: SyncReport) -> None:
        self._db.execute("UPDATE packets SET state = 'refused', last_error = ? WHERE application_id = ?",
                         (code, application_id))
        report.refused[application_id] = code

    def _acknowledge(self, receipt: UploadReceipt, now: datetime) -> None:
        self._db.execute("UPDATE packets SET state = 'acknowledged', packet = NULL, registry_status = ?, "
                         "acknowledged_at = ?, last_error = NULL WHERE application_id = ?",
                         (receipt.status, _ts(now), receipt.application_id))

    def _back_off(self, failures: int, now: datetime, report: SyncReport) -> None:
        policy = self._policy
        delay = min(policy.backoff_cap, policy.backoff_base * 2 ** min(failures - 1, 30))
        delay = delay * (0.5 + 0.5 * self._jitter())
        retry_at = now + delay
        self._db.execute("UPDATE sync_state SET consecutive_failures = ?, retry_at = ? WHERE id = 1",
                         (failures, _ts(retry_at)))
        report.unavailable, report.backing_off_until = True, retry_at

    def _finish_purges(self) -> None:
        """Run the desk's purge hook for every acknowledged packet not yet purged (idempotent hook)."""
        rows = self._db.execute(
            "SELECT application_id FROM packets WHERE state = 'acknowledged' AND purged = 0").fetchall()
        for (application_id,) in rows:
            if self._on_acknowledged is not None:
                self._on_acknowledged(application_id)
            self._db.execute("UPDATE packets SET purged = 1 WHERE application_id = ?", (application_id,))
