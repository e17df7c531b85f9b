"""The kiosk waits for a card: a reload resumes the gate's open transaction; otherwise the gate's document
reader is asked for a newly placed card, and the transaction starts by itself with the MRZ it read. The
traveller never types a document number or a date."""

from __future__ import annotations

from typing import Protocol

import structlog

from enrollment.icao.inspection import AccessKey, CanKey, ChipKey
from gate.ports import DocumentReader
from gate.service.in_flight import TransactionRegistry
from gate.service.kiosk import KioskService, KioskStatus

log = structlog.get_logger(__name__)
MAX_WAIT_S = 2.0  # a long poll holds one worker thread: bounded


class ReaderSource(Protocol):
    def for_gate(self, gate_id: str) -> DocumentReader: ...


class ReaderKiosk:
    def __init__(self, kiosk: KioskService, registry: TransactionRegistry, readers: ReaderSource) -> None:
        self._kiosk, self._registry, self._readers = kiosk, registry, readers

    def current(self, gate_id: str, wait_s: float) -> KioskStatus | None:
        """The gate's transaction in flight, else one started on the card placed within ``wait_s``
        seconds (decided at once when the document fails), else ``None``: still waiting for a card."""
        open_id = self._registry.current(gate_id)
        if open_id is not None:
            return self._kiosk.status(gate_id, open_id)
        placed = self._readers.for_gate(gate_id).wait_for_document(min(max(wait_s, 0.0), MAX_WAIT_S))
        if placed is None:
            return None
        optical = placed.optical
        log.info("kiosk_card_placed", gate_id=gate_id, can=optical.can is not None)
        # a CCCD's CAN opens the chip with PACE; a document without one (a passport) opens with its MRZ
        key: ChipKey = (CanKey(optical.can) if optical.can is not None
                        else AccessKey(optical.document_number, optical.birth_date, optical.expiry_date))
        return self._kiosk.start_with(gate_id, key, placed.chip)
