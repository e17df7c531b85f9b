"""The nonces of desk requests the registry has accepted, remembered until their time window has passed,
so that a captured request cannot be replayed — not even across a restart of the registry.

:class:`SeenNonces` is the port; :class:`SqlNonces` keeps them in the registry's database (a table beside
the applications, SQLite or PostgreSQL), :class:`MemoryNonces` in the process (tests, a throwaway registry).
"""

from __future__ import annotations

import threading
from typing import Protocol

from sqlalchemy import Column, Float, MetaData, String, Table, delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

MAX_NONCES = 100_000  # remembered at once; beyond it (a flood within one window) requests are refused


class NonceFlood(Exception):
    """Too many requests within one replay window to remember them all."""


class SeenNonces(Protocol):
    def claim(self, nonce: str, now: float, until: float) -> bool:
        """Remember ``nonce`` until ``until`` (POSIX seconds); False when it is remembered already (a replay).
        :class:`NonceFlood` when the store is full of unexpired nonces."""
        ...


class MemoryNonces:
    def __init__(self, limit: int = MAX_NONCES) -> None:
        self._seen: dict[str, float] = {}
        self._limit = limit
        self._lock = threading.Lock()

    def claim(self, nonce: str, now: float, until: float) -> bool:
        with self._lock:
            if self._seen.get(nonce, -1.0) >= now:
                return False
            if len(self._seen) >= self._limit:
                self._seen = {n: t for n, t in self._seen.items() if t >= now}
                if len(self._seen) >= self._limit:
                    raise NonceFlood
            self._seen[nonce] = until
            return True


metadata = MetaData()
nonces = Table(
    "registry_desk_nonces", metadata,
    Column("nonce", String(32), primary_key=True),
    Column("until", Float, nullable=False),  # POSIX seconds
)


class SqlNonces:
    """One row per accepted nonce. Every ``sweep_every`` claims — and at every claim while the table is full —
    expired rows are deleted and the live ones counted; a full table refuses claims until rows expire. So the
    table holds at most ``limit + sweep_every`` rows."""

    def __init__(self, engine: Engine, *, limit: int = MAX_NONCES, sweep_every: int = 256) -> None:
        self._engine, self._limit, self._sweep_every = engine, limit, sweep_every
        self._claims, self._full = 0, False
        self._lock = threading.Lock()
        metadata.create_all(engine)

    def claim(self, nonce: str, now: float, until: float) -> bool:
        with self._lock:
            self._claims += 1
            sweep = self._full or self._claims % self._sweep_every == 0
        if sweep:
            self._sweep(now)
        try:  # one transaction, one commit: an expired copy of the nonce gives way to the new claim
            with self._engine.begin() as connection:
                connection.execute(delete(nonces).where(nonces.c.nonce == nonce, nonces.c.until < now))
                connection.execute(nonces.insert().values(nonce=nonce, until=until))
        except IntegrityError:  # a live claim holds it: the delete rolls back with the insert, changing nothing
            return False
        return True

    def _sweep(self, now: float) -> None:
        with self._engine.begin() as connection:
            connection.execute(delete(nonces).where(nonces.c.until < now))
            live = int(connection.execute(select(func.count()).select_from(nonces)).scalar_one())
        self._full = live >= self._limit
        if self._full:
            raise NonceFlood
