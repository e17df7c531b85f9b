"""The desk's background job in the service's lifespan: every ``sync_interval_s``, one round of
:meth:`gate.service.desk.DeskService.synchronise` (queue what is missing, upload, poll the registry)."""

from __future__ import annotations

import asyncio

import structlog
from fastapi.concurrency import run_in_threadpool

from gate.logging import failure_fields
from gate.service.desk import DeskService

log = structlog.get_logger(__name__)


async def sync_desk(desk: DeskService, every_s: float) -> None:
    while True:
        try:
            summary = await run_in_threadpool(desk.synchronise)
            if summary.uploaded or summary.moved:
                log.info("desk_synchronised", uploaded=len(summary.uploaded), moved=len(summary.moved))
        except Exception as exc:  # keep going; the next round retries
            log.error("desk_sync_failed", **failure_fields(exc))
        await asyncio.sleep(every_s)
