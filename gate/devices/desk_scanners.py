"""The enrolment desk's simulated scanners: images placed by a test or an operator, one taken per touch.

A real fingerprint or iris scanner answers each capture with what lies on its platen or before its lens;
these hold a queue of recorded images instead (FIFO, bounded), so that a demonstration or a browser test
lays a citizen's ten fingers and both eyes on the desk the way the kiosk's simulated reader takes a card.
An empty queue answers :class:`NothingOnScanner` rather than an image: the clerk pressed "scan" too soon.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Mapping, Sequence

from gate.ports import IrisEye

MAX_WAITING = 40


class NothingOnScanner(Exception):
    """No finger on the platen (no image placed), or no eye before the iris camera."""


class QueuedFingerScanner:
    """A :class:`gate.ports.FingerScanner` answering each capture with the next placed image."""

    def __init__(self, capacity: int = MAX_WAITING) -> None:
        self._images: deque[bytes] = deque()
        self._capacity, self._lock = capacity, threading.Lock()

    def place(self, images: Sequence[bytes]) -> None:
        """Queue the images, in order; refused (ValueError) beyond the capacity or for an empty image."""
        with self._lock:
            if any(not image for image in images):
                raise ValueError("an empty image cannot be placed on the scanner")
            if len(self._images) + len(images) > self._capacity:
                raise ValueError(f"the simulated scanner holds at most {self._capacity} images")
            self._images.extend(images)

    def clear(self) -> None:
        with self._lock:
            self._images.clear()

    @property
    def waiting(self) -> int:
        return len(self._images)

    def capture(self) -> bytes:
        with self._lock:
            if not self._images:
                raise NothingOnScanner("no finger image placed on the simulated scanner")
            return self._images.popleft()


class QueuedIrisScanner:
    """A :class:`gate.ports.IrisScanner` answering each capture with the next placed presentation."""

    def __init__(self, capacity: int = MAX_WAITING) -> None:
        self._presentations: deque[dict[IrisEye, bytes]] = deque()
        self._capacity, self._lock = capacity, threading.Lock()

    def place(self, presentations: Sequence[Mapping[IrisEye, bytes]]) -> None:
        with self._lock:
            for eyes in presentations:
                if not eyes or not set(eyes) <= {"right", "left"} or not all(eyes.values()):
                    raise ValueError("a presentation holds a non-empty image for 'right' and/or 'left'")
            if len(self._presentations) + len(presentations) > self._capacity:
                raise ValueError(f"the simulated iris scanner holds at most {self._capacity} presentations")
            self._presentations.extend(dict(p) for p in presentations)

    def clear(self) -> None:
        with self._lock:
            self._presentations.clear()

    @property
    def waiting(self) -> int:
        return len(self._presentations)

    def capture(self) -> Mapping[IrisEye, bytes]:
        with self._lock:
            if not self._presentations:
                raise NothingOnScanner("no eye images placed on the simulated iris scanner")
            return self._presentations.popleft()
