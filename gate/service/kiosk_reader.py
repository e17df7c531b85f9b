"""The kiosk waits for a card: a reload resumes the gate's open transaction; otherwise the gate's document
reader is asked for a newly placed card, and the transaction starts by itself with the MRZ it read. The
traveller never types a document number or a date.

A newly placed card is first answered with :data:`READING` (the page says "reading the card" at once); the
kiosk's next poll reads the chip and runs the document step, while the page shows that step's progress."""

from __future__ import annotations

import threading
from typing import Literal, Protocol

import structlog

from enrollment.icao.inspection import AccessKey, CanKey, ChipKey
from gate.ports import DocumentReader, PlacedDocument
from gate.service.in_flight import TransactionRegistry
from gate.service.kiosk import KioskService, KioskStatus

log = structlog.get_logger(__name__)
MAX_WAIT_S = 2.0  # a long poll holds one worker thread: bounded
READING: Literal["reading"] = "reading"
Current = KioskStatus | Literal["reading"] | None


class ReaderSource(Protocol):
    def for_gate(self, gate_id: str) -> DocumentReader: ...


class ReaderKiosk:
    def __init__(self, kiosk: KioskService, registry: TransactionRegistry, readers: ReaderSource) -> None:
        self._kiosk, self._registry, self._readers = kiosk, registry, readers
        self._placed: dict[str, PlacedDocument] = {}  # reported by the reader, not read yet
        self._reading: dict[str, threading.Event] = {}  # gates whose chip is being read: set when done
        self._lock = threading.Lock()

    def current(self, gate_id: str, wait_s: float) -> Current:
        """The gate's transaction in flight; else :data:`READING` when a card was just placed (or its chip is
        being read, for up to ``wait_s`` seconds more); else the transaction started on the card placed at the
        previous poll (decided at once when the document fails); else ``None``: no card within ``wait_s``."""
        wait_s = min(max(wait_s, 0.0), MAX_WAIT_S)
        open_id = self._registry.current(gate_id)
        if open_id is not None:
            return self._kiosk.status(gate_id, open_id)
        with self._lock:
            busy = self._reading.get(gate_id)
            placed = None if busy is not None else self._placed.pop(gate_id, None)
            if placed is not None:
                self._reading[gate_id] = threading.Event()
        if busy is not None:  # another poll (the page before a reload) is reading the chip
            busy.wait(wait_s)
            open_id = self._registry.current(gate_id)
            return READING if open_id is None else self._kiosk.status(gate_id, open_id)
        if placed is not None:
            try:
                return self._start(gate_id, placed)
            finally:
                with self._lock:
                    self._reading.pop(gate_id).set()
        placed = self._readers.for_gate(gate_id).wait_for_document(wait_s)
        if placed is None:
            return None
        log.info("kiosk_card_placed", gate_id=gate_id, can=placed.optical.can is not None)
        with self._lock:
            self._placed[gate_id] = placed
        return READING

    def _start(self, gate_id: str, placed: PlacedDocument) -> KioskStatus:
        optical = placed.optical
        # a CCCD's CAN opens the chip with PACE; a document without one (a passport) opens with its MRZ
        key: ChipKey = (CanKey(optical.can) if optical.can is not None
                        else AccessKey(optical.document_number, optical.birth_date, optical.expiry_date))
        return self._kiosk.start_with(gate_id, key, placed.chip)
