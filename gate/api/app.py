"""The application factory. Nothing is built at import time: settings, the gate runtime, keys and
services are made here, once per app, and kept on ``app.state.services``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import structlog
from argon2 import PasswordHasher
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.concurrency import run_in_threadpool

import kiosk_ui
from enrollment.registry.ports import Deduplicator
from gate.api import errors
from gate.api.desk_job import sync_desk
from gate.api.docs import install_docs
from gate.api.routes import (
    admin,
    audit,
    auth,
    desk,
    desk_capture,
    desk_devices,
    kiosk,
    kiosk_capture,
    kiosk_device,
    lanes,
    officer,
    officer_events,
    reader,
    stats,
)
from gate.assembly import GateRuntime, build_face_pipeline, build_gate, engine_threads, usable_cores
from gate.audit.jobs import purge_captures
from gate.logging import configure_logging, failure_fields
from gate.service import Services, build_services
from gate.service.token_key import token_key
from gate.settings import ApiSettings, Settings
from matcher.face.pipeline import FacePipeline

RuntimeFactory = Callable[[], GateRuntime]
UI_DIR = Path(kiosk_ui.__file__).resolve().parent / "static"
log = structlog.get_logger(__name__)

TAGS = [
    {"name": "kiosk", "description": "Gate kiosks (header X-Gate-Key): present the card, submit frames."},
    {"name": "auth", "description": "Officer sign-in for a bearer token."},
    {"name": "officer", "description": "Referral queue, case view with both images, decisions (officer+)."},
    {"name": "admin", "description": "FMR target, gate status, gates and accounts (admin)."},
    {"name": "audit", "description": "Signed audit trail: export and verification (supervisor+)."},
    {"name": "stats", "description": "The shift in numbers and the operational FMR / FNMR estimates (supervisor+)."},
    {"name": "desk", "description": "Enrolment desk (clerk, supervisor): cases, captures, adjudication, issuance."},
]


async def _sweep(services: Services, every_s: float) -> None:
    """Recovery at start; then, in the background, refer the kiosk transactions that waited too long for
    their frames, record the deferred decisions and close the interrupted transactions."""
    while True:
        for job in (services.kiosk.sweep, services.recovery.run_once):
            try:
                await run_in_threadpool(job)
            except Exception as exc:  # keep sweeping; the next round retries
                log.error("kiosk_sweep_failed", **failure_fields(exc))
        await asyncio.sleep(every_s)


async def _watch_lanes(services: Services, every_s: float) -> None:
    """The live lanes: read the new audit records, notice silent gates, drain the door sensors."""
    while True:
        try:
            await run_in_threadpool(services.lanes.tick)
        except Exception as exc:
            log.error("lane_watch_failed", **failure_fields(exc))
        await asyncio.sleep(every_s)


async def _purge(runtime: GateRuntime, every_s: float) -> None:
    """The capture retention job (``egate captures purge``), run by the service itself."""
    retention = runtime.settings.store.resolve(runtime.settings.home).capture_retention
    while True:
        try:
            await run_in_threadpool(purge_captures, runtime.db, runtime.cipher, runtime.audit, retention=retention)
        except Exception as exc:
            log.error("capture_purge_failed", **failure_fields(exc))
        await asyncio.sleep(every_s)


def create_app(source: Settings | RuntimeFactory, *, api: ApiSettings | None = None,
               hasher: PasswordHasher | None = None, deduplicator: Deduplicator | None = None) -> FastAPI:
    """The HTTP service of a gate fleet: ``source`` is the settings, or a factory of the gate runtime;
    ``deduplicator`` the 1:N search of the desk's embedded registry (default: the real one)."""
    configure_logging()
    engines: list[FacePipeline] = []
    if isinstance(source, Settings):
        api = api or source.api
        token_key(api, source.home)  # refuse a weak secret before loading the face models
        workers = api.face_workers or usable_cores()
        threads = engine_threads(workers)  # a pool, one engine per usable core: the cores shared out, no spinning
        runtime = build_gate(source, face_threads=threads)
        engines = [build_face_pipeline(source, threads=threads) for _ in range(workers - 1)]
    else:
        runtime = source()
        api = api or runtime.settings.api
    services = build_services(runtime, api, hasher or PasswordHasher(), engines, deduplicator)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        services.start()
        sweeper = asyncio.create_task(_sweep(services, min(api.transaction_ttl_s / 2, 10.0)))
        purger = asyncio.create_task(_purge(runtime, 3600.0))
        watcher = asyncio.create_task(_watch_lanes(services, 0.3))
        desk_sync = asyncio.create_task(sync_desk(services.desk, runtime.settings.desk.sync_interval_s))
        try:
            yield
        finally:
            desk_sync.cancel()
            sweeper.cancel()
            purger.cancel()
            watcher.cancel()
            await run_in_threadpool(services.close)

    body_limit = max(api.max_frames * api.max_frame_bytes, api.max_card_bytes * 4 // 3) + 256 * 1024
    app = FastAPI(title="eGate service", version="1.0",
                  description="Biometric border gate: kiosks, officer console, administration, audit trail.",
                  openapi_tags=TAGS, lifespan=lifespan, max_body_size=body_limit, docs_url=None, redoc_url=None)
    install_docs(app)  # Swagger UI and ReDoc from local assets: they work offline
    app.state.services = services
    errors.install(app)
    routers = (kiosk, kiosk_capture, kiosk_device, auth, officer, officer_events, lanes, admin, reader, audit, stats,
               desk, desk_capture, desk_devices)
    for module in routers:
        app.include_router(module.router)
    if api.ui and UI_DIR.is_dir():
        app.mount("/ui", StaticFiles(directory=UI_DIR, html=True), name="ui")

        @app.get("/", include_in_schema=False)
        def home() -> RedirectResponse:
            return RedirectResponse("/ui/")

    return app
