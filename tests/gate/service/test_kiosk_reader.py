"""The reading step: a placed card is reported as ``reading`` at once; the next poll reads the chip; a poll
that comes meanwhile (the page reloaded) waits for that read instead of starting a second transaction."""

from __future__ import annotations

import threading
from typing import Any, cast

from gate.devices.document_reader import SimulatedReaders
from gate.ports import OpticalData
from gate.service.in_flight import TransactionRegistry
from gate.service.kiosk import KioskService, KioskStatus
from gate.service.kiosk_reader import READING, ReaderKiosk

CAPTURE = KioskStatus("t-1", "gate-a", "capture", None, ())


class SlowKiosk:
    """Reads the chip only when the test lets it; then the transaction is open (awaiting frames)."""

    def __init__(self, registry: OpenOne) -> None:
        self.release, self.started = threading.Event(), 0
        self._registry = registry

    def start_with(self, gate_id: str, key: Any, chip: Any) -> KioskStatus:
        self.started += 1
        assert self.release.wait(10)
        self._registry.open_id = "t-1"
        return CAPTURE

    def status(self, gate_id: str, transaction_id: str) -> KioskStatus:
        return CAPTURE


class OpenOne:
    open_id: str | None = None

    def current(self, gate_id: str) -> str | None:
        return self.open_id


def test_a_poll_during_the_read_waits_for_it_and_never_starts_twice() -> None:
    registry, readers = OpenOne(), SimulatedReaders()
    slow = SlowKiosk(registry)
    reader = ReaderKiosk(cast(KioskService, slow), cast(TransactionRegistry, registry), readers)
    assert reader.current("gate-a", 0) is None  # no card
    readers.for_gate("gate-a").place(cast(Any, object()), OpticalData("001089012345", "890804", "310804", "123456"))
    assert reader.current("gate-a", 0) == READING  # reported at once: the page says "reading"
    answers: list[object] = []
    reading = threading.Thread(target=lambda: answers.append(reader.current("gate-a", 2)))
    reading.start()
    while slow.started == 0:
        threading.Event().wait(0.01)
    assert reader.current("gate-a", 0) == READING  # a reloaded page: still reading, nothing started
    waiting = threading.Thread(target=lambda: answers.append(reader.current("gate-a", 2)))
    waiting.start()
    slow.release.set()
    reading.join(5)
    waiting.join(5)
    assert answers == [CAPTURE, CAPTURE] and slow.started == 1
    assert reader.current("gate-a", 0) == CAPTURE  # resumes the open transaction
