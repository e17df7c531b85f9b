"""The outbox's way to the registry over HTTP (httpx): upload a packet, poll an application.

Transport failures, timeouts, 401 (the desk's request signature refused: a clock or certificate to
fix, not a fault of the packet), 408/429 and 5xx are :class:`RegistryUnavailable` (the outbox backs
off and retries); any other non-200 answer carries the registry's code and is :class:`PacketRefused`.
``sign(method, path, body)`` gives the headers that authenticate the desk
(:func:`enrollment.registry.desk_requests.sign_request`).
An answer that is not the expected JSON is treated as unavailable (a proxy's error page, say).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import httpx

from enrollment.desk.outbox_transport import PacketRefused, RegistryUnavailable, UploadReceipt

_TRANSIENT = {401, 408, 429}
RequestSigner = Callable[[str, str, bytes], Mapping[str, str]]


class HttpPacketUploader:
    def __init__(self, base_url: str | None = None, *, client: httpx.Client | None = None,
                 timeout: float = 30.0, sign: RequestSigner | None = None) -> None:
        if client is None:
            if base_url is None:
                raise ValueError("give the registry's base URL or an httpx client")
            client = httpx.Client(base_url=base_url, timeout=timeout)
        self._client, self._sign = client, sign

    def close(self) -> None:
        self._client.close()

    def _call(self, method: str, path: str, content: bytes | None = None,
              content_type: str = "application/cms") -> dict[str, Any]:
        headers = {"content-type": content_type} if content is not None else {}
        try:
            request = self._client.build_request(method, path, content=content, headers=headers)
            if self._sign is not None:
                request.headers.update(self._sign(method, request.url.path, content or b""))
            response = self._client.send(request)
        except httpx.HTTPError as exc:
            raise RegistryUnavailable(type(exc).__name__) from None
        if response.status_code >= 500 or response.status_code in _TRANSIENT:
            raise RegistryUnavailable(f"HTTP {response.status_code}")
        try:
            body = response.json()
        except ValueError:
            raise RegistryUnavailable(f"HTTP {response.status_code} without a JSON body") from None
        if not isinstance(body, dict):
            raise RegistryUnavailable("unexpected answer")
        if response.status_code != 200:
            raise PacketRefused(str(body.get("code", f"HTTP_{response.status_code}")), str(body.get("detail", "")))
        return body

    def upload(self, application_id: str, packet: bytes) -> UploadReceipt:
        body = self._call("POST", f"/v1/applications/{application_id}/packet", packet)
        try:
            return UploadReceipt(str(body["application_id"]), str(body["packet_digest"]), str(body["status"]))
        except KeyError:
            raise RegistryUnavailable("a receipt without its fields") from None

    def status(self, application_id: str) -> dict[str, Any]:
        """The registry's record of an application (status, candidates), for the desk to poll."""
        return self._call("GET", f"/v1/applications/{application_id}")
