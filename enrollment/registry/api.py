"""The registry over HTTP: desks upload packets, poll their applications, see candidates, adjudicate.

    POST /v1/applications/{application_id}/packet          body: the sealed packet (application/cms)
    GET  /v1/applications/{application_id}                  the registry status (and candidates)
    GET  /v1/applications/{application_id}/candidates/{id} a candidate's portrait and summary
    POST /v1/applications/{application_id}/adjudication     {"decision": "duplicate"|"different", "adjudicator"}
    POST /v1/applications/{application_id}/withdrawal       {"adjudicator"}: rejected at the desk, out of the gallery
    GET  /v1/health                                         (the only unauthenticated call)

Every call but the health check is signed by a desk (:mod:`enrollment.registry.desk_requests`) and
answers only about that desk's applications (:mod:`enrollment.registry.desk_access`).
Answers are the application's record as JSON; refusals are ``{"code", "detail"}`` with 401
(DESK_AUTH_*), 413 (too large), 409 (PACKET_CONFLICT, APPLICATION_NOT_IN_ADJUDICATION), 404
(APPLICATION_UNKNOWN) or 422 (every other typed error).
The body is read with its size bounded before anything is parsed. Uploading the same packet again
answers the same; the desk's outbox relies on that.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from enrollment.desk.packet_codec import DEFAULT_LIMITS
from enrollment.desk.packet_errors import PacketError, PacketRevocationUnknown, PacketTooLarge
from enrollment.desk.packet_seal import ENVELOPE_OVERHEAD
from enrollment.registry.desk_access import CandidateRecord, DeskAccess
from enrollment.registry.desk_auth import DeskAuthenticator, DeskAuthError
from enrollment.registry.errors import ApplicationUnknown, NotInAdjudication, PacketConflict, RegistryError
from enrollment.registry.nonces import SqlNonces
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


def candidate_json(record: CandidateRecord) -> dict[str, Any]:
    return {"application_id": record.application_id, "desk_id": record.desk_id,
            "received_at": record.received_at.isoformat(), "status": record.status,
            "demographics": dict(record.demographics), "portrait": base64.b64encode(record.portrait).decode("ascii")}


class BadDecision(RegistryError):
    code = "DECISION_INVALID"


def _decision(body: bytes, *, withdrawal: bool = False) -> tuple[bool, str]:
    try:
        value = json.loads(body)
        decision, adjudicator = "different" if withdrawal else value["decision"], value["adjudicator"]
    except (ValueError, KeyError, TypeError):
        raise BadDecision("expected {decision, adjudicator}") from None
    if decision not in ("duplicate", "different") or not isinstance(adjudicator, str) or not 0 < len(adjudicator) <= 64:
        raise BadDecision("decision is duplicate or different; adjudicator 1..64 characters")
    return decision == "duplicate", adjudicator


def _refusal(exc: PacketError | RegistryError) -> JSONResponse:
    status = 422
    if isinstance(exc, PacketTooLarge):
        status = 413
    elif isinstance(exc, DeskAuthError):
        status = 401
    elif isinstance(exc, PacketConflict | NotInAdjudication):
        status = 409
    elif isinstance(exc, ApplicationUnknown):
        status = 404
    elif isinstance(exc, PacketRevocationUnknown):  # the registry's stale CRL: the desk keeps it and retries
        status = 503
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
                        max_upload_bytes: int = MAX_UPLOAD_BYTES,
                        authenticator: DeskAuthenticator | None = None) -> FastAPI:
    app = FastAPI(title="eGate registry", version="1", docs_url=None, redoc_url=None)
    access = DeskAccess(registry)
    auth = authenticator or DeskAuthenticator(registry.trust, nonces=SqlNonces(registry.store.engine))

    def desk_of(request: Request, body: bytes = b"") -> str:
        return auth.verify(request.method, request.url.path, request.headers, body, clock())

    @app.exception_handler(PacketError)
    async def _packet_error(_: Request, exc: PacketError) -> JSONResponse:
        return _refusal(exc)

    @app.exception_handler(RegistryError)
    async def _registry_error(_: Request, exc: RegistryError) -> JSONResponse:
        return _refusal(exc)

    @app.post("/v1/applications/{application_id}/packet")
    async def upload(application_id: str, request: Request) -> dict[str, Any]:
        packet = await _bounded_body(request, max_upload_bytes)
        desk_id = desk_of(request, packet)
        record = await run_in_threadpool(access.receive, desk_id, application_id, packet, clock())
        return record_json(record)

    @app.get("/v1/applications/{application_id}")
    async def status(application_id: str, request: Request) -> dict[str, Any]:
        return record_json(await run_in_threadpool(access.status, desk_of(request), application_id))

    @app.get("/v1/applications/{application_id}/candidates/{candidate_id}")
    async def candidate(application_id: str, candidate_id: str, request: Request) -> dict[str, Any]:
        record = await run_in_threadpool(access.candidate, desk_of(request), application_id, candidate_id)
        return candidate_json(record)

    @app.post("/v1/applications/{application_id}/adjudication")
    async def adjudicate(application_id: str, request: Request) -> dict[str, Any]:
        body = await _bounded_body(request, 4096)
        desk_id = desk_of(request, body)
        duplicate, adjudicator = _decision(body)
        record = await run_in_threadpool(lambda: access.adjudicate(desk_id, application_id, duplicate=duplicate,
                                                                   adjudicator=f"{desk_id}/{adjudicator}"[:64]))
        return record_json(record)

    @app.post("/v1/applications/{application_id}/withdrawal")
    async def withdraw(application_id: str, request: Request) -> dict[str, Any]:
        body = await _bounded_body(request, 4096)
        desk_id = desk_of(request, body)
        _, adjudicator = _decision(body, withdrawal=True)
        record = await run_in_threadpool(lambda: access.withdraw(desk_id, application_id,
                                                                 adjudicator=f"{desk_id}/{adjudicator}"[:64]))
        return record_json(record)

    @app.get("/v1/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    return app
