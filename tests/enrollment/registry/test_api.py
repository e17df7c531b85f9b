"""The registry's HTTP API through the desk's httpx uploader, in process (ASGI, no socket)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from enrollment.desk.outbox import Outbox
from enrollment.desk.outbox_http import HttpPacketUploader
from enrollment.desk.outbox_transport import PacketRefused, RegistryUnavailable
from enrollment.registry.api import create_registry_app
from tests.enrollment.desk.packetkit import NOW, Pki, contents, make_pki, sealed
from tests.enrollment.registry.live_registry import free_port
from tests.enrollment.registry.registrykit import make_registry, signer


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture
def uploader(pki: Pki, tmp_path: Path) -> Iterator[HttpPacketUploader]:
    app = create_registry_app(make_registry(pki, tmp_path), clock=lambda: NOW, max_upload_bytes=200_000)
    with TestClient(app) as client:
        yield HttpPacketUploader(client=client, sign=signer(pki))


def test_upload_poll_and_the_same_answer_for_a_re_upload(pki: Pki, uploader: HttpPacketUploader) -> None:
    first, again = contents(1), contents(2)
    packet = sealed(pki, first)
    receipt = uploader.upload(first.application_id, packet)
    assert receipt.status == "dedup_clear" and uploader.upload(first.application_id, packet) == receipt
    duplicate = sealed(pki, contents(2, face=first.face_jpeg))
    assert uploader.upload(again.application_id, duplicate).status == "adjudication"
    polled = uploader.status(again.application_id)
    assert polled["status"] == "adjudication"
    assert [c["application_id"] for c in polled["candidates"]] == [first.application_id]


def test_the_outbox_drains_through_http(pki: Pki, uploader: HttpPacketUploader, tmp_path: Path) -> None:
    outbox = Outbox(tmp_path / "outbox.db")
    applications = [contents(10 + i) for i in range(3)]
    for application in applications:
        outbox.enqueue(application.application_id, sealed(pki, application), NOW)
    assert sorted(outbox.sync(uploader, NOW).acknowledged) == sorted(a.application_id for a in applications)


@pytest.mark.parametrize(("make", "code"), [
    (lambda pki: (contents(3).application_id, sealed(pki, contents(4))), "PACKET_APPLICATION_MISMATCH"),
    (lambda pki: (contents(5).application_id, sealed(make_pki(), contents(5))), "PACKET_WRONG_RECIPIENT"),
    (lambda pki: (contents(6).application_id, b"\x30\x03\x02\x01\x01"), "PACKET_MALFORMED"),
    (lambda pki: (contents(7).application_id, b"\x30" * 200_001), "PACKET_TOO_LARGE"),
])
def test_refusals_reach_the_desk_with_their_codes(pki: Pki, uploader: HttpPacketUploader, make: object,
                                                   code: str) -> None:
    application_id, packet = make(pki)  # type: ignore[operator]
    with pytest.raises(PacketRefused) as refused:
        uploader.upload(application_id, packet)
    assert refused.value.code == code


def test_another_packet_for_a_known_application_is_a_conflict(pki: Pki, uploader: HttpPacketUploader) -> None:
    application = contents(8)
    uploader.upload(application.application_id, sealed(pki, application))
    with pytest.raises(PacketRefused) as refused:
        uploader.upload(application.application_id, sealed(pki, application))
    assert refused.value.code == "PACKET_CONFLICT"


def test_polling_an_unknown_application(uploader: HttpPacketUploader) -> None:
    with pytest.raises(PacketRefused) as refused:
        uploader.status("0" * 32)
    assert refused.value.code == "APPLICATION_UNKNOWN"


@pytest.mark.parametrize("answer", [httpx.Response(503, json={"code": "BUSY"}), httpx.Response(200, text="<html>"),
                                    httpx.Response(429, json={})])
def test_server_errors_and_garbage_are_unavailable_not_refusals(answer: httpx.Response) -> None:
    client = httpx.Client(base_url="http://registry", transport=httpx.MockTransport(lambda _: answer))
    with pytest.raises(RegistryUnavailable):
        HttpPacketUploader(client=client).upload("a" * 32, b"packet")


def test_no_registry_listening_is_unavailable() -> None:
    with pytest.raises(RegistryUnavailable):
        HttpPacketUploader(f"http://127.0.0.1:{free_port()}", timeout=2.0).upload("a" * 32, b"packet")


def test_the_api_over_httpx_asgi_transport_answers_a_re_upload_the_same(pki: Pki, tmp_path: Path) -> None:
    """The same exchange with httpx's own ASGITransport (async-only, hence asyncio.run here; the desk's
    uploader is synchronous and reaches the ASGI app in process through Starlette's TestClient above)."""
    app = create_registry_app(make_registry(pki, tmp_path), clock=lambda: NOW)
    application = contents(9)
    packet = sealed(pki, application)

    async def exchange() -> list[httpx.Response]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://registry") as client:
            path, sign = f"/v1/applications/{application.application_id}/packet", signer(pki)
            status = f"/v1/applications/{application.application_id}"
            return [await client.post(path, content=packet, headers=dict(sign("POST", path, packet))),
                    await client.post(path, content=packet, headers=dict(sign("POST", path, packet))),
                    await client.get(status, headers=dict(sign("GET", status, b"")))]

    first, again, polled = asyncio.run(exchange())
    assert first.status_code == again.status_code == polled.status_code == 200
    assert first.json() == again.json() == polled.json()
    assert first.json()["status"] == "dedup_clear"
