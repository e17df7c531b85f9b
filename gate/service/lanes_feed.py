"""The live feed's event log: numbered events in memory, so a page that reconnects resumes where it was.

Event ids are ``<epoch>.<seq>``: ``seq`` grows by one per event with no gap; ``epoch`` is random per
process start. A page gets a snapshot (the full state, tagged with the id of the last event it already
contains) and then every later event; on reconnect it sends ``Last-Event-ID`` and gets exactly the events
after it — or, when that id is of another epoch or older than the buffer holds, a fresh snapshot. Each
event carries the whole new state of what it is about (one lane, one alarm), so applying it twice or
after a snapshot that already has it is harmless.
"""

from __future__ import annotations

import json
import secrets
import threading
from collections import deque
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FeedEvent:
    seq: int
    kind: str  # lane | alarm
    data: dict[str, Any]


class LaneFeed:
    def __init__(self, capacity: int = 2000, epoch: str | None = None) -> None:
        self.epoch = epoch or secrets.token_hex(4)
        self._events: deque[FeedEvent] = deque(maxlen=capacity)
        self._seq = 0
        self._lock = threading.Lock()

    def publish(self, kind: str, data: dict[str, Any]) -> FeedEvent:
        with self._lock:
            self._seq += 1
            event = FeedEvent(self._seq, kind, data)
            self._events.append(event)
            return event

    @property
    def head(self) -> int:
        with self._lock:
            return self._seq

    def event_id(self, seq: int) -> str:
        return f"{self.epoch}.{seq}"

    def resume_point(self, last_event_id: str | None) -> int | None:
        """The seq after which to resume for ``last_event_id``; None when a snapshot is needed."""
        if not last_event_id:
            return None
        epoch, _, seq_text = last_event_id.partition(".")
        if epoch != self.epoch or not seq_text.isdigit():
            return None
        seq = int(seq_text)
        with self._lock:
            oldest = self._events[0].seq if self._events else self._seq + 1
            if seq > self._seq or seq < oldest - 1:
                return None
        return seq

    def after(self, seq: int) -> list[FeedEvent]:
        with self._lock:
            return [e for e in self._events if e.seq > seq]

    def frame(self, event: FeedEvent) -> str:
        """The event as a Server-Sent Events frame."""
        return sse_frame(self.event_id(event.seq), event.kind, event.data)


def sse_frame(event_id: str, kind: str, data: dict[str, Any]) -> str:
    return f"id: {event_id}\nevent: {kind}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n"
