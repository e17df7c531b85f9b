"""The registry behind HTTP (``egate registry serve``): every request signed with the desk's key."""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from datetime import UTC, datetime

import httpx

from enrollment.desk.outbox_http import HttpPacketUploader
from enrollment.desk.outbox_transport import RegistryUnavailable
from enrollment.desk.packet_seal import DeskSigner
from enrollment.desk.registry_client import RegistryAnswer, answer_of
from enrollment.registry.desk_access import CandidateRecord
from enrollment.registry.desk_requests import sign_request


class HttpRegistryClient(HttpPacketUploader):
    def __init__(self, base_url: str | None, signer: DeskSigner, *, client: httpx.Client | None = None,
                 timeout: float = 30.0, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        super().__init__(base_url, client=client, timeout=timeout,
                         sign=lambda method, path, body: sign_request(signer, method, path, body, clock()))

    def poll(self, application_id: str) -> RegistryAnswer:
        return answer_of(self._call("GET", f"/v1/applications/{application_id}"))

    def candidate(self, application_id: str, candidate_id: str) -> CandidateRecord:
        body = self._call("GET", f"/v1/applications/{application_id}/candidates/{candidate_id}")
        try:
            return CandidateRecord(str(body["application_id"]), str(body["desk_id"]),
                                   datetime.fromisoformat(body["received_at"]), str(body["status"]),
                                   {str(k): str(v) for k, v in body["demographics"].items()},
                                   base64.b64decode(body["portrait"], validate=True))
        except (KeyError, TypeError, ValueError, AttributeError, binascii.Error):
            raise RegistryUnavailable("a candidate without its fields") from None

    def adjudicate(self, application_id: str, *, duplicate: bool, adjudicator: str) -> RegistryAnswer:
        decision = json.dumps({"decision": "duplicate" if duplicate else "different", "adjudicator": adjudicator})
        return answer_of(self._call("POST", f"/v1/applications/{application_id}/adjudication",
                                    decision.encode(), "application/json"))

    def withdraw(self, application_id: str, *, adjudicator: str) -> RegistryAnswer:
        body = json.dumps({"adjudicator": adjudicator}).encode()
        return answer_of(self._call("POST", f"/v1/applications/{application_id}/withdrawal", body, "application/json"))
