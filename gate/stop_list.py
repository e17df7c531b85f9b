"""The stop-list of lost, stolen and revoked documents (ICAO SLTD-style): document numbers per issuing
state. The gate refers a hit to an officer without telling the traveller why."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol


class StopList(Protocol):
    def contains(self, document_number: str, issuing_state: str) -> bool: ...


def _key(document_number: str, issuing_state: str) -> tuple[str, str]:
    return issuing_state.replace("<", "").strip().upper(), document_number.replace("<", "").strip().upper()


class InMemoryStopList:
    def __init__(self, entries: Iterable[tuple[str, str]] = ()) -> None:
        """``entries``: (document number, issuing state) pairs."""
        self._entries = {_key(number, state) for number, state in entries}

    def contains(self, document_number: str, issuing_state: str) -> bool:
        return _key(document_number, issuing_state) in self._entries

    @classmethod
    def parse(cls, text: str) -> InMemoryStopList:
        """One ``STATE NUMBER`` per line (e.g. ``VNM 012345678901``); '#' starts a comment."""
        entries = []
        for n, line in enumerate(text.splitlines(), 1):
            content = line.split("#", 1)[0].split()
            if not content:
                continue
            if len(content) != 2:
                raise ValueError(f"stop-list line {n}: expected 'STATE NUMBER', got {line!r}")
            entries.append((content[1], content[0]))
        return cls(entries)
