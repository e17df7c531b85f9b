"""An iris scanner that returns image files: one recorded near-infrared image per eye and presentation."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from gate.ports import IrisEye


class ImageFileIrisScanner:
    def __init__(self, presentations: Sequence[Mapping[IrisEye, bytes]]) -> None:
        """Each presentation is what one capture returns: the eyes imaged, keyed "right" / "left"."""
        if not presentations:
            raise ValueError("the simulated iris scanner needs at least one presentation")
        for eyes in presentations:
            if not set(eyes) <= {"right", "left"}:
                raise ValueError(f"eyes are 'right' and 'left', not {sorted(eyes)}")
        self._presentations = [dict(p) for p in presentations]
        self._next = 0

    @classmethod
    def from_files(cls, *, right: Path | None = None, left: Path | None = None) -> ImageFileIrisScanner:
        eyes: dict[IrisEye, bytes] = {}
        if right is not None:
            eyes["right"] = right.read_bytes()
        if left is not None:
            eyes["left"] = left.read_bytes()
        return cls([eyes])

    def capture(self) -> Mapping[IrisEye, bytes]:
        eyes = self._presentations[min(self._next, len(self._presentations) - 1)]
        self._next += 1
        return dict(eyes)
