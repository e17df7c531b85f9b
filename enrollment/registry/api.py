"""The registry over HTTP: desks upload packets and poll their applications' status.

    POST /v1/applications/{application_id}/packet   body: the sealed packet (application/cms)
    GET  /v1/applications/{application_id}           the registry status (and candidates)
    GET  /v1/health

Answers are the application's record as JSON; refusals are ``{"code", "detail"}`` with 413 (too
large), 409 (PACKET_CONFLICT), 404 (APPLICATION_UNKNOWN) or 422 (every other typed packet error).
The body is read with its size bounded before anything is parsed. Uploading the same packet again
answers the same; the desk's outbox relies on that.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from enrollment.desk.packet_codec import DEFAULT_LIMITS
from enrollment.desk.packet_errors import PacketError, PacketTooLarge
from enrollment.desk.packet_seal import ENVELOPE_OVERHEAD
from enrollment.registry.errors import ApplicationUnknown, PacketConflict, RegistryError
from enrollment.registry.service import Registry
from enrollment.registry.status import ApplicationRecord

MAX_UPLOAD_BYTES = DEFAULT_LIMITS.max_content_bytes + ENVELOPE_OVERHEAD


def record_json(record: ApplicationRecord) -> dict[str, Any]:
    return {
        "application_id": record.application_id, "packet_digest": record.packet_digest,
        "status": record.status.value, "received_at": record.received_at.isoformat(),
        "candidates": [{"application_id": c.application_id, "fused_fmr": c.fused_fmr,
                        "per_modality": dict(c.per_modality)} for c in record.candidates],
    }


def _refusal(exc: PacketError | RegistryError) -> JSONResponse:
    status = 422
    if isinstance(exc, PacketTooLarge):
        status = 413
    elif isinstance(exc, PacketConflict):
        status = 409
    elif isinstance(exc, ApplicationUnknown):
        status = 404
    return JSONResponse({"code": exc.code, "detail": exc.detail}, status_code=status)


async def _bounded_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PacketTooLarge(f"a packet is at most {limit} bytes")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PacketTooLarge(f"a packet is at most {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def create_registry_app(registry: Registry, *, clock: Callable[[], datetime] = lambda: datetime.now(UTC),
                        max_upload_bytes: int = MAX_UPLOAD_BYTES) -> FastAPI:
    app = FastAPI(title="eGate registry", version="1", docs_url=None, redoc_url=None)

    @app.exception_handler(PacketError)
    async def _packet_error(_: Request, exc: PacketError) -> JSONResponse:
        return _refusal(exc)

    @app.exception_handler(RegistryError)
    async def _registry_error(_: Request, exc: RegistryError) -> JSONResponse:
        return _refusal(exc)

    @app.post("/v1/applications/{application_id}/packet")
    async def upload(application_id: str, request: Request) -> dict[str, Any]:
        packet = await _bounded_body(request, max_upload_bytes)
        record = await run_in_threadpool(registry.receive, application_id, packet, clock())
        return record_json(record)

    @app.get("/v1/applications/{application_id}")
    async def status(application_id: str) -> dict[str, Any]:
        return record_json(await run_in_threadpool(registry.status, application_id))

    @app.get("/v1/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
