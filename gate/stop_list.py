"""The stop-list of lost, stolen and revoked documents (ICAO SLTD-style): document numbers per issuing
state. The gate refers a hit to an officer without telling the traveller why."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from typing import Protocol


class StopList(Protocol):
    def contains(self, document_number: str, issuing_state: str) -> bool: ...


def normalise(document_number: str, issuing_state: str) -> tuple[str, str]:
    """(issuing state, document number) as compared: no filler '<', no spaces, upper case."""
    return _key(document_number, issuing_state)


def _key(document_number: str, issuing_state: str) -> tuple[str, str]:
    return issuing_state.replace("<", "").strip().upper(), document_number.replace("<", "").strip().upper()


class StopListLineError(ValueError):
    """A line of a stop-list text that is not ``STATE NUMBER``."""

    def __init__(self, line_number: int, line: str) -> None:
        super().__init__(f"stop-list line {line_number}: expected 'STATE NUMBER', got {line!r}")
        self.line_number = line_number


def parse_lines(text: str) -> Iterator[tuple[int, str, str]]:
    """(line number, issuing state, document number), normalised, for each ``STATE NUMBER`` line of ``text``
    (e.g. ``VNM 012345678901``); '#' starts a comment, blank lines are skipped. A line of another shape
    raises :class:`StopListLineError` when it is reached."""
    for n, line in enumerate(text.splitlines(), 1):
        content = line.split("#", 1)[0].split()
        if not content:
            continue
        if len(content) != 2:
            raise StopListLineError(n, line)
        state, number = normalise(content[1], content[0])
        yield n, state, number


class InMemoryStopList:
    def __init__(self, entries: Iterable[tuple[str, str]] = ()) -> None:
        """``entries``: (document number, issuing state) pairs."""
        self._entries = frozenset(_key(number, state) for number, state in entries)
        self._lock = threading.Lock()

    def contains(self, document_number: str, issuing_state: str) -> bool:
        return _key(document_number, issuing_state) in self._entries

    def entries(self) -> frozenset[tuple[str, str]]:
        """Every entry as (issuing state, document number), normalised."""
        return self._entries

    def replace(self, entries: Iterable[tuple[str, str]]) -> None:
        """Swap in a new list at once (an administrator's upload): a check sees the old or the new list."""
        fresh = frozenset(_key(number, state) for number, state in entries)
        with self._lock:
            self._entries = fresh

    @classmethod
    def parse(cls, text: str) -> InMemoryStopList:
        """One ``STATE NUMBER`` per line (:func:`parse_lines`); a bad line raises :class:`StopListLineError`."""
        return cls([(number, state) for _, state, number in parse_lines(text)])
