"""Captures the desk takes from its own devices: the clerk presses "scan" for a finger or an eye and the
server asks the scanner port (:class:`gate.ports.FingerScanner`, :class:`gate.ports.IrisScanner`) for the
image, which then goes through the same quality gate as an upload. Also the live view's face check: a
webcam frame judged for guidance without being recorded.

Refusals: ``SCANNER_EMPTY`` (409) when nothing lies on the scanner, ``EYE_NOT_IMAGED`` (422) when the iris
camera did not image the eye asked for, ``SCANNER_NOT_SIMULATED`` (409) when images are placed on a real
device.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from enrollment.desk.errors import Problem
from enrollment.desk.slots import CaptureVerdict
from gate.devices.desk_scanners import NothingOnScanner, QueuedFingerScanner, QueuedIrisScanner
from gate.ports import FingerScanner, IrisEye, IrisScanner
from gate.service.desk import DeskService
from gate.service.desk_captures import CaptureOutcome
from gate.service.desk_cases import actor_of
from gate.service.desk_errors import DeskConflict, DeskInvalid
from gate.service.errors import InvalidUpload
from gate.store import Officer
from matcher.criteria import Criterion


@dataclass
class DeskScanners:
    """The desk's devices; simulated (images placed through the admin API) unless a deployment wires real ones."""

    finger: FingerScanner = field(default_factory=QueuedFingerScanner)
    iris: IrisScanner = field(default_factory=QueuedIrisScanner)


class DeskScanning:
    def __init__(self, desk: DeskService, scanners: DeskScanners) -> None:
        self._desk, self.scanners = desk, scanners

    def check_face(self, officer: Officer, data: bytes) -> tuple[CaptureVerdict, tuple[Criterion, ...]]:
        actor_of(officer)
        return self._desk.captures.check_face(data)

    def scan_finger(self, officer: Officer, case_id: str, position: int) -> CaptureOutcome:
        actor_of(officer)
        try:
            image = self.scanners.finger.capture()
        except NothingOnScanner as exc:
            raise DeskConflict("SCANNER_EMPTY") from exc
        return self._desk.capture_finger(officer, case_id, position, image)

    def scan_iris(self, officer: Officer, case_id: str, eye: IrisEye) -> CaptureOutcome:
        actor_of(officer)
        try:
            eyes = self.scanners.iris.capture()
        except NothingOnScanner as exc:
            raise DeskConflict("SCANNER_EMPTY") from exc
        image = eyes.get(eye)
        if image is None:
            raise DeskInvalid((Problem("EYE_NOT_IMAGED", "eye"),))
        return self._desk.capture_iris(officer, case_id, eye, image)

    # ------------------------------------------------------------------ the simulated devices
    def place_fingers(self, images: Sequence[bytes]) -> None:
        scanner = self.scanners.finger
        if not isinstance(scanner, QueuedFingerScanner):
            raise DeskConflict("SCANNER_NOT_SIMULATED")
        try:
            scanner.place(images)
        except ValueError as exc:
            raise InvalidUpload(str(exc)) from exc

    def place_eyes(self, eyes: Mapping[IrisEye, bytes]) -> None:
        scanner = self.scanners.iris
        if not isinstance(scanner, QueuedIrisScanner):
            raise DeskConflict("SCANNER_NOT_SIMULATED")
        try:
            scanner.place([eyes])
        except ValueError as exc:
            raise InvalidUpload(str(exc)) from exc

    def clear(self) -> None:
        for scanner in (self.scanners.finger, self.scanners.iris):
            if isinstance(scanner, QueuedFingerScanner | QueuedIrisScanner):
                scanner.clear()
