"""The gate's device interfaces. The orchestrator talks only to these, so that a real device (a USB
camera, a PC/SC chip reader, a fingerprint or iris scanner, a door controller) replaces a simulated one without
touching the decision logic. Simulated implementations live in ``gate.devices``."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal, Protocol

from enrollment.icao.inspection import CardTransport
from matcher.face.types import RgbImage


class Camera(Protocol):
    def frames(self) -> Iterator[RgbImage]:
        """Live frames, RGB uint8, as fast as the device delivers them; ends when the device stops."""
        ...


class ChipReader(Protocol):
    def connect(self) -> CardTransport:
        """The card on the reader, as something with ``transmit(apdu) -> response``."""
        ...


@dataclass(frozen=True)
class OpticalData:
    """What the document reader's camera reads on the card: the MRZ fields and, on a CCCD, the CAN."""

    document_number: str
    birth_date: str  # YYMMDD
    expiry_date: str  # YYMMDD
    can: str | None = None  # the 6-digit card access number printed on the card (PACE), when there is one


@dataclass(frozen=True)
class PlacedDocument:
    optical: OpticalData
    chip: ChipReader


class DocumentReader(Protocol):
    def wait_for_document(self, timeout_s: float) -> PlacedDocument | None:
        """The document newly placed on the reader, reported once per placement; ``None`` when none was
        placed within ``timeout_s`` seconds."""
        ...


class FingerScanner(Protocol):
    def capture(self) -> bytes:
        """One fingerprint image (encoded, e.g. PNG or TIFF) of the finger on the platen."""
        ...


IrisEye = Literal["right", "left"]


class IrisScanner(Protocol):
    def capture(self) -> Mapping[IrisEye, bytes]:
        """One near-infrared image per eye (encoded, e.g. PNG or JPEG, 8-bit grey), keyed by the eye; an eye
        the device could not image is absent."""
        ...


class DoorState(StrEnum):
    LOCKED = "locked"
    OPEN = "open"


class Door(Protocol):
    name: str

    @property
    def state(self) -> DoorState: ...

    def unlock(self) -> None: ...

    def lock(self) -> None: ...


class DoorSignal(StrEnum):
    """What a door controller's sensors report by themselves, besides the state commands leave."""

    TAILGATING = "tailgating"  # more than one person passed the door on one opening
    FAULT = "fault"  # the door did not reach the commanded state, or its controller reports an error
    FORCED = "forced"  # opened while it was commanded locked


class DoorSensors(Protocol):
    """A door that reports signals (a mantrap's door controller); a plain :class:`Door` reports none."""

    name: str

    def take_signals(self) -> list[DoorSignal]:
        """The signals raised since the last call, oldest first (each reported once)."""
        ...
