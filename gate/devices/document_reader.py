"""A simulated document reader: a test, the demo or an operator places a card on it (its printed data and
its chip image); the gate's wait for a document returns it once per placement, as a real reader reports a
card laid on its glass."""

from __future__ import annotations

import threading

from enrollment.icao.card_file import CardImage
from gate.devices.chip_reader import FixedCardReader
from gate.ports import OpticalData, PlacedDocument


class SimulatedDocumentReader:
    def __init__(self) -> None:
        self._placed: PlacedDocument | None = None
        self._changed = threading.Condition()

    def place(self, card: CardImage, optical: OpticalData) -> None:
        """Lay a card on the reader (replacing one not yet taken by the gate)."""
        with self._changed:
            self._placed = PlacedDocument(optical, FixedCardReader(card))
            self._changed.notify_all()

    def remove(self) -> None:
        with self._changed:
            self._placed = None

    @property
    def holds_card(self) -> bool:
        with self._changed:
            return self._placed is not None

    def wait_for_document(self, timeout_s: float) -> PlacedDocument | None:
        with self._changed:
            self._changed.wait_for(lambda: self._placed is not None, timeout=max(0.0, timeout_s))
            placed, self._placed = self._placed, None
            return placed


class SimulatedReaders:
    """One simulated reader per gate of a service (created on first use)."""

    def __init__(self) -> None:
        self._readers: dict[str, SimulatedDocumentReader] = {}
        self._lock = threading.Lock()

    def for_gate(self, gate_id: str) -> SimulatedDocumentReader:
        with self._lock:
            return self._readers.setdefault(gate_id, SimulatedDocumentReader())
