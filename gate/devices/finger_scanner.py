"""A fingerprint scanner that returns image files (a recorded impression per touch)."""

from __future__ import annotations

from collections.abc import Sequence


class ImageFileScanner:
    def __init__(self, impressions: Sequence[bytes]) -> None:
        if not impressions:
            raise ValueError("the simulated scanner needs at least one impression")
        self._impressions = list(impressions)
        self._next = 0

    def capture(self) -> bytes:
        data = self._impressions[min(self._next, len(self._impressions) - 1)]
        self._next += 1
        return data
