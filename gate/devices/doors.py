"""A simulated door with state and an event log (what a door controller would report), and the signals a
mantrap's sensors raise (tailgating, fault, forced), queued until read."""

from __future__ import annotations

import threading

from gate.ports import DoorSignal, DoorState


class SimulatedDoor:
    def __init__(self, name: str) -> None:
        self.name = name
        self._state = DoorState.LOCKED
        self.events: list[str] = []
        self._signals: list[DoorSignal] = []
        self._lock = threading.Lock()

    @property
    def state(self) -> DoorState:
        return self._state

    def unlock(self) -> None:
        self._state = DoorState.OPEN
        self.events.append("unlocked")

    def lock(self) -> None:
        self._state = DoorState.LOCKED
        self.events.append("locked")

    def signal(self, kind: DoorSignal) -> None:
        """The sensors report ``kind`` (a test, the demo or the simulator raise it)."""
        with self._lock:
            self._signals.append(kind)
        self.events.append(f"signal:{kind.value}")

    def take_signals(self) -> list[DoorSignal]:
        with self._lock:
            taken, self._signals = self._signals, []
        return taken
