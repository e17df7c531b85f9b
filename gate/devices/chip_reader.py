"""A simulated chip reader: the presented card is a :class:`VirtualCard` built from a card file."""

from __future__ import annotations

from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import CardImage


class FixedCardReader:
    def __init__(self, card: CardImage) -> None:
        self._card = card

    def connect(self) -> VirtualCard:
        return VirtualCard(self._card)
