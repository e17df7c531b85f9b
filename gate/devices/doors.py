"""A simulated door with state and an event log (what a door controller would report)."""

from __future__ import annotations

from gate.ports import DoorState


class SimulatedDoor:
    def __init__(self, name: str) -> None:
        self.name = name
        self._state = DoorState.LOCKED
        self.events: list[str] = []

    @property
    def state(self) -> DoorState:
        return self._state

    def unlock(self) -> None:
        self._state = DoorState.OPEN
        self.events.append("unlocked")

    def lock(self) -> None:
        self._state = DoorState.LOCKED
        self.events.append("locked")
