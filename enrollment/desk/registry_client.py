"""The desk's view of the registry: the calls it makes, whether the registry runs in this process
(:mod:`enrollment.desk.registry_local`) or behind HTTP (:mod:`enrollment.desk.registry_http`).

Failures are the outbox's two kinds: :class:`RegistryUnavailable` (try again later) and
:class:`PacketRefused` carrying the registry's code (APPLICATION_UNKNOWN, DESK_AUTH_INVALID ...).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from enrollment.desk.outbox_transport import PacketRefused, RegistryUnavailable, UploadReceipt
from enrollment.registry.biometrics import DuplicateCandidate
from enrollment.registry.desk_access import CandidateRecord

__all__ = ["CandidateRecord", "PacketRefused", "RegistryAnswer", "RegistryClient", "RegistryUnavailable",
           "answer_of"]


@dataclass(frozen=True)
class RegistryAnswer:
    """An application's status at the registry (``received``, ``dedup_clear``, ``adjudication``,
    ``accepted``, ``duplicate_rejected``) and its candidates."""

    application_id: str
    status: str
    candidates: tuple[DuplicateCandidate, ...] = ()


def answer_of(body: Mapping[str, Any]) -> RegistryAnswer:
    """From the registry's JSON record (:func:`enrollment.registry.api.record_json`)."""
    try:
        candidates = tuple(DuplicateCandidate(str(c["application_id"]), float(c["fused_fmr"]),
                                              {str(k): float(v) for k, v in c["per_modality"].items()})
                           for c in body["candidates"])
        return RegistryAnswer(str(body["application_id"]), str(body["status"]), candidates)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise RegistryUnavailable("an answer without its fields") from None


class RegistryClient(Protocol):
    def upload(self, application_id: str, packet: bytes) -> UploadReceipt: ...

    def poll(self, application_id: str) -> RegistryAnswer: ...

    def candidate(self, application_id: str, candidate_id: str) -> CandidateRecord: ...

    def adjudicate(self, application_id: str, *, duplicate: bool, adjudicator: str) -> RegistryAnswer: ...

    def withdraw(self, application_id: str, *, adjudicator: str) -> RegistryAnswer: ...
