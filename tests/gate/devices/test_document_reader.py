"""The simulated document reader: a card laid on it is reported once; a wait ends when a card comes."""

from __future__ import annotations

import threading

from gate.devices.document_reader import SimulatedDocumentReader, SimulatedReaders
from gate.ports import OpticalData
from tests.gate.api.conftest import Cards, cards  # noqa: F401  (the session's cards)

OPTICAL = OpticalData("001089012345", "890804", "310804", can="123456")


def test_a_placed_card_is_reported_once(cards: Cards) -> None:  # noqa: F811
    reader = SimulatedDocumentReader()
    assert reader.wait_for_document(0) is None and not reader.holds_card
    reader.place(cards.holder.image, OPTICAL)
    assert reader.holds_card
    placed = reader.wait_for_document(0)
    assert placed is not None and placed.optical == OPTICAL
    assert placed.chip.connect() is not None
    assert reader.wait_for_document(0) is None


def test_a_removed_card_is_not_reported(cards: Cards) -> None:  # noqa: F811
    reader = SimulatedDocumentReader()
    reader.place(cards.holder.image, OPTICAL)
    reader.remove()
    assert reader.wait_for_document(0) is None


def test_a_wait_ends_when_a_card_is_placed(cards: Cards) -> None:  # noqa: F811
    reader = SimulatedDocumentReader()
    placer = threading.Timer(0.05, reader.place, (cards.holder.image, OPTICAL))
    placer.start()
    placed = reader.wait_for_document(30)  # returns as soon as the card comes, long before the bound
    placer.join()
    assert placed is not None and placed.optical.can == "123456"


def test_each_gate_has_its_own_reader() -> None:
    readers = SimulatedReaders()
    assert readers.for_gate("gate-a") is readers.for_gate("gate-a")
    assert readers.for_gate("gate-a") is not readers.for_gate("gate-b")
