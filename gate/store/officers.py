"""Officer accounts: argon2id password hashes (argon2-cffi), roles clerk < officer < second_line < supervisor <
admin (a clerk works only at the enrolment desk: ``require("officer")`` keeps the gate's routes from it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal, cast

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from gate.identifiers import CODE
from gate.store.clock import Clock, utc_now
from gate.store.errors import ConflictError, NotFoundError
from gate.store.models import ROLES, OfficerRow

Role = Literal["clerk", "officer", "second_line", "supervisor", "admin"]
ROLE_RANK: dict[str, int] = {role: rank for rank, role in enumerate(ROLES)}
MIN_PASSWORD_LENGTH = 12


@dataclass(frozen=True)
class Officer:
    id: int
    username: str
    role: Role
    active: bool
    created_at: datetime

    def has_role(self, required: Role) -> bool:
        """True when this officer's role is ``required`` or above it."""
        return self.active and ROLE_RANK[self.role] >= ROLE_RANK[required]


def _view(row: OfficerRow) -> Officer:
    return Officer(row.id, row.username, cast(Role, row.role), row.active, row.created_at)


class OfficerRepository:
    """``hasher`` may be swapped for a cheaper one in tests (``PasswordHasher(time_cost=1, …)``)."""

    def __init__(self, session: Session, hasher: PasswordHasher | None = None, clock: Clock = utc_now):
        self._session = session
        self._hasher = hasher or PasswordHasher()
        self._clock = clock

    def create(self, username: str, password: str, role: Role = "officer") -> Officer:
        if role not in ROLE_RANK:
            raise ValueError(f"unknown role {role!r}")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"password shorter than {MIN_PASSWORD_LENGTH} characters")
        if self._by_name(username) is not None:
            raise ConflictError(f"officer {username!r} exists")
        row = OfficerRow(username=username, password_hash=self._hasher.hash(password), role=role,
                         active=True, created_at=self._clock())
        self._session.add(row)
        self._session.flush()
        return _view(row)

    def authenticate(self, username: str, password: str) -> Officer | None:
        """The active officer with these credentials, or ``None``. Rehashes outdated parameters."""
        row = self._by_name(username) if CODE.fullmatch(username) else None  # no account has another name
        if row is None:  # (and PostgreSQL refuses a NUL in a text parameter)
            self._burn_time(password)
            return None
        try:
            self._hasher.verify(row.password_hash, password)
        except (VerificationError, InvalidHashError):
            return None
        if self._hasher.check_needs_rehash(row.password_hash):
            row.password_hash = self._hasher.hash(password)
            self._session.flush()
        return _view(row) if row.active else None

    def get(self, username: str) -> Officer:
        row = self._by_name(username)
        if row is None:
            raise NotFoundError(f"no officer {username!r}")
        return _view(row)

    def all(self) -> list[Officer]:
        return [_view(r) for r in self._session.scalars(select(OfficerRow).order_by(OfficerRow.username))]

    def set_role(self, username: str, role: Role) -> Officer:
        row = self._require(username)
        row.role = role
        self._session.flush()
        return _view(row)

    def set_password(self, username: str, password: str) -> None:
        if len(password) < MIN_PASSWORD_LENGTH:
            raise ValueError(f"password shorter than {MIN_PASSWORD_LENGTH} characters")
        self._require(username).password_hash = self._hasher.hash(password)
        self._session.flush()

    def deactivate(self, username: str) -> None:
        self._require(username).active = False
        self._session.flush()

    def _require(self, username: str) -> OfficerRow:
        row = self._by_name(username)
        if row is None:
            raise NotFoundError(f"no officer {username!r}")
        return row

    def _by_name(self, username: str) -> OfficerRow | None:
        return self._session.scalar(select(OfficerRow).where(OfficerRow.username == username))

    def _burn_time(self, password: str) -> None:
        """Spend one hash on an unknown user so timing does not tell which usernames exist."""
        self._hasher.hash(password)
