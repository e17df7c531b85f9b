"""The live lanes for officers: a ticket, then ``GET /officer/events`` (Server-Sent Events): a snapshot,
then each change of a lane or an alarm as it happens, numbered, resumable with ``Last-Event-ID``."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request, Security, status
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from gate.api.deps import OfficerDep, ServicesDep, officer_token
from gate.api.errors import responses
from gate.api.lane_schemas import AlarmView, LanesSnapshot, StreamTicket
from gate.service import Services
from gate.service.lanes import alarm_json
from gate.service.lanes_feed import sse_frame
from gate.service.lanes_tickets import ticket_holder
from gate.service.tokens import TokenClaims

router = APIRouter(prefix="/officer", tags=["officer"], responses=responses(401, 403, 503))
POLL_S, KEEPALIVE_S = 0.2, 15.0
RESUME = "the last event id seen, for a new EventSource (which cannot send Last-Event-ID)"


@router.post("/events/ticket", response_model=StreamTicket)
def stream_ticket(officer: OfficerDep, services: ServicesDep,
                  token: Annotated[str | None, Security(officer_token)]) -> StreamTicket:
    """A single-use ticket (30 s) for ``GET /officer/events`` (an EventSource sends no Authorization)."""
    claims = services.auth.signer.verify(token or "")
    assert claims is not None  # OfficerDep accepted this very token
    return StreamTicket(ticket=services.tickets.issue(claims), expires_in=int(services.tickets.ttl_s))


@router.get("/lanes", response_model=LanesSnapshot)
def lanes(officer: OfficerDep, services: ServicesDep) -> LanesSnapshot:
    """Every lane and the alarms not yet acknowledged (what the stream's snapshot holds)."""
    return LanesSnapshot.model_validate(services.lanes.snapshot()[1])


@router.post("/alarms/{alarm_id}/ack", response_model=AlarmView, responses=responses(404, 409))
def acknowledge(alarm_id: int, officer: OfficerDep, services: ServicesDep) -> AlarmView:
    """The officer has seen the alarm (audited in the gate's chain); every console hears it."""
    return AlarmView.model_validate(alarm_json(services.lanes.acknowledge(alarm_id, officer)))


@router.get("/events", response_class=StreamingResponse, responses={
    200: {"content": {"text/event-stream": {}}, "description": "snapshot, then lane and alarm events"}})
async def events(request: Request, services: ServicesDep, ticket: Annotated[str, Query(max_length=2000)],
                 last_event_id: Annotated[str | None, Header(max_length=100)] = None,
                 resume: Annotated[str | None, Query(max_length=100, description=RESUME)] = None) -> StreamingResponse:
    """Server-Sent Events. Events: ``snapshot`` (``{lanes, alarms}``), ``lane`` (one lane's whole state),
    ``alarm`` (one alarm's whole state), ``end`` (the officer's session ended: get a new ticket)."""
    claims = services.tickets.redeem(ticket)
    if claims is None or await run_in_threadpool(ticket_holder, services.fleet.db, claims) is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "a valid ticket is required (POST /officer/events/ticket)")
    return StreamingResponse(_stream(request, services, claims, last_event_id or resume),
                             media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


async def _stream(request: Request, services: Services, claims: TokenClaims, last: str | None) -> AsyncIterator[str]:
    feed = services.lanes.feed
    resumed = feed.resume_point(last)
    yield "retry: 2000\n\n"
    if resumed is None:
        seq, state = await run_in_threadpool(services.lanes.snapshot)
        yield sse_frame(feed.event_id(seq), "snapshot", state)
    else:
        seq = resumed
    checked = time.monotonic()
    while not await request.is_disconnected():
        for event in feed.after(seq):
            yield feed.frame(event)
            seq = event.seq
        if time.monotonic() - checked > KEEPALIVE_S:
            checked = time.monotonic()
            if await run_in_threadpool(ticket_holder, services.fleet.db, claims) is None:
                yield sse_frame(feed.event_id(seq), "end", {"reason": "signed_out"})
                return
            yield ": keep-alive\n\n"
        await asyncio.sleep(POLL_S)
