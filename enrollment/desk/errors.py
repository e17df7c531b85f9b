"""The desk's refusals, each with typed codes (``BIRTH_DATE_INVALID``, ``ROLE_NOT_ALLOWED`` ...)::

    DeskError
    ├── InvalidInput        a value the desk refuses (demographics, an exception code, a slot)
    ├── NotAllowed          the actor's role may not take this action, or the four-eyes rule forbids it
    ├── WrongState          the case is not in a state where the action applies
    └── Incomplete          the case cannot move on: demographics or a required capture missing

``problems`` pairs each code with the field or capture slot it concerns (``None`` for the case as a whole).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    code: str
    field: str | None = None


class DeskError(Exception):
    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("a desk error needs at least one problem")
        self.problems = tuple(problems)
        super().__init__(" ".join(p.code for p in self.problems))

    @classmethod
    def of(cls, code: str, field: str | None = None) -> DeskError:
        return cls([Problem(code, field)])

    @property
    def code(self) -> str:
        return self.problems[0].code

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(p.code for p in self.problems)


class InvalidInput(DeskError):
    pass


class NotAllowed(DeskError):
    pass


class WrongState(DeskError):
    pass


class Incomplete(DeskError):
    pass
