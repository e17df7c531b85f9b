"""Sign-in throttling: too many failed sign-ins for one username (5), or from one client address (20), lock
further attempts for a while.

While locked, an attempt is refused before the password is checked: no argon2 work (a CPU sink) and no audit
record (a flood of "sign-in failed" records would bury the chain). The lock itself is audited once, when it
starts. Failures are counted in a sliding window; a successful sign-in clears its username's count (not the
client's: one good password must not reset a client that guesses other accounts). The state lives in the
process, bounded in size; a fleet behind several service processes gets a per-process limit, which still
bounds what each one accepts.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass

Key = tuple[str, str]  # ("user", name) or ("client", address)


@dataclass(frozen=True)
class ThrottleLimits:
    max_failures: int = 5      # failed attempts for one username within the window that lock it...
    max_client_failures: int = 20  # ...for one client address (higher: officers may share a proxy or NAT)
    window_s: float = 900.0    # ...counted over this many seconds
    lockout_s: float = 900.0   # how long a locked key stays locked
    max_keys: int = 10_000     # keys remembered at most (the oldest are forgotten first)


class SignInThrottle:
    def __init__(self, limits: ThrottleLimits | None = None, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits or ThrottleLimits()
        self._clock = clock
        self._failures: OrderedDict[Key, deque[float]] = OrderedDict()
        self._locked_until: dict[Key, float] = {}
        self._lock = threading.Lock()  # sync routes run in a thread pool

    @staticmethod
    def keys(username: str, client: str | None) -> list[Key]:
        return [("user", username.casefold())] + ([("client", client)] if client else [])

    def retry_after(self, keys: list[Key]) -> float | None:
        """Seconds until the first of these keys unlocks, or None when none is locked."""
        now = self._clock()
        with self._lock:
            waits = [until - now for key in keys if (until := self._locked_until.get(key, 0.0)) > now]
        return max(waits) if waits else None

    def failed(self, keys: list[Key]) -> list[Key]:
        """Count a failure against each key; return the keys this failure locked."""
        now, limits = self._clock(), self.limits
        newly_locked = []
        with self._lock:
            for key in keys:
                times = self._failures.pop(key, deque())
                times.append(now)
                while times and times[0] <= now - limits.window_s:
                    times.popleft()
                self._failures[key] = times  # most recently failed last
                if len(times) >= (limits.max_failures if key[0] == "user" else limits.max_client_failures):
                    self._locked_until[key] = now + limits.lockout_s
                    times.clear()
                    newly_locked.append(key)
            self._forget_oldest(now)
        return newly_locked

    def succeeded(self, username: str) -> None:
        with self._lock:
            self._failures.pop(("user", username.casefold()), None)

    def _forget_oldest(self, now: float) -> None:
        for key in [k for k, until in self._locked_until.items() if until <= now]:
            del self._locked_until[key]
        while len(self._failures) > self.limits.max_keys:
            self._failures.popitem(last=False)
