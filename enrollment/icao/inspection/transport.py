"""What the inspection system needs from a reader, and the MRZ data that opens the chip."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


class CardTransport(Protocol):
    """The shape of a PC/SC reader's transmit (pyscard); :class:`VirtualCard` satisfies it."""

    def transmit(self, apdu: bytes) -> bytes: ...


@dataclass(frozen=True)
class AccessKey:
    """BAC key material as read from the printed MRZ (or typed by an officer)."""

    document_number: str
    birth_date: str  # YYMMDD
    expiry_date: str  # YYMMDD


@dataclass(frozen=True)
class CanKey:
    """PACE password printed on the card: the 6-digit card access number (CAN)."""

    can: str


ChipKey = AccessKey | CanKey
