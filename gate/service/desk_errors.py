"""The desk's refusals as service errors: the domain's typed codes become the API's problems.

    DeskInvalid     422  a value refused, or the case incomplete (``problems``: each code with its field)
    DeskForbidden   403  the account's desk role may not act, or the four-eyes rule forbids it
    DeskConflict    409  the case is not in a state where the action applies
    DeskUnavailable 503  the registry cannot be reached (REGISTRY_UNAVAILABLE)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from enrollment.desk.errors import DeskError, NotAllowed, Problem, WrongState
from gate.service.errors import InvalidRequest, ServiceError


class DeskInvalid(InvalidRequest):
    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__(" ".join(p.code for p in problems))
        self.problems = problems
        self.code = problems[0].code


class DeskForbidden(ServiceError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class DeskConflict(ServiceError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


class DeskUnavailable(ServiceError):
    def __init__(self, code: str = "REGISTRY_UNAVAILABLE") -> None:
        super().__init__(code)
        self.code = code


@contextmanager
def refusals() -> Iterator[None]:
    """Translate the domain's :class:`DeskError` raised inside the block."""
    try:
        yield
    except NotAllowed as exc:
        raise DeskForbidden(exc.code) from exc
    except WrongState as exc:
        raise DeskConflict(exc.code) from exc
    except DeskError as exc:
        raise DeskInvalid(exc.problems) from exc
