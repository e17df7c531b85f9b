"""The registry in the desk's own process (one machine, the demonstration): the same
:class:`enrollment.registry.desk_access.DeskAccess` the HTTP API serves, called directly as this desk.

No request signing is needed in one process; the packets are still sealed and verified, so the
registry's store holds the same evidence as a central one. Its errors become the outbox's: typed
refusals stay refusals, anything else (a database gone, a de-duplication crash) is "unavailable".
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime

from enrollment.desk.outbox_transport import PacketRefused, RegistryUnavailable, UploadReceipt
from enrollment.desk.packet_errors import PacketError, PacketRevocationUnknown
from enrollment.desk.registry_client import RegistryAnswer
from enrollment.registry.desk_access import CandidateRecord, DeskAccess
from enrollment.registry.errors import RegistryError
from enrollment.registry.status import ApplicationRecord


def _answer(record: ApplicationRecord) -> RegistryAnswer:
    return RegistryAnswer(record.application_id, record.status.value, record.candidates)


@contextmanager
def _as_transport() -> Iterator[None]:
    try:
        yield
    except PacketRevocationUnknown as exc:  # the registry's CRL is stale, not the packet: send it again later
        raise RegistryUnavailable(exc.code) from exc
    except (PacketError, RegistryError) as exc:
        raise PacketRefused(exc.code, str(exc)) from exc
    except Exception as exc:
        raise RegistryUnavailable(type(exc).__name__) from exc


class LocalRegistryClient:
    def __init__(self, access: DeskAccess, desk_id: str, clock: Callable[[], datetime]) -> None:
        self.access, self.desk_id, self._clock = access, desk_id, clock

    def upload(self, application_id: str, packet: bytes) -> UploadReceipt:
        with _as_transport():
            record = self.access.receive(self.desk_id, application_id, packet, self._clock())
        return UploadReceipt(record.application_id, record.packet_digest, record.status.value)

    def poll(self, application_id: str) -> RegistryAnswer:
        with _as_transport():
            return _answer(self.access.status(self.desk_id, application_id))

    def candidate(self, application_id: str, candidate_id: str) -> CandidateRecord:
        with _as_transport():
            return self.access.candidate(self.desk_id, application_id, candidate_id)

    def adjudicate(self, application_id: str, *, duplicate: bool, adjudicator: str) -> RegistryAnswer:
        with _as_transport():
            return _answer(self.access.adjudicate(self.desk_id, application_id, duplicate=duplicate,
                                                  adjudicator=f"{self.desk_id}/{adjudicator}"[:64]))

    def withdraw(self, application_id: str, *, adjudicator: str) -> RegistryAnswer:
        with _as_transport():
            return _answer(self.access.withdraw(self.desk_id, application_id,
                                                adjudicator=f"{self.desk_id}/{adjudicator}"[:64]))
