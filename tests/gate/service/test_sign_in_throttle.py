"""Sign-in throttling: the lock per username and per client, its window and expiry (a fake clock), and over
HTTP: 429 with Retry-After, no password check and no audit record while locked, the lock audited once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gate.audit import AuditRecord
from gate.service.sign_in_throttle import SignInThrottle, ThrottleLimits
from gate.store import AuditRepository
from tests.gate.api.conftest import PASSWORD, Service, serve
from tests.gate.conftest import GateFactory


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_five_failures_lock_the_username_then_it_expires() -> None:
    clock = Clock()
    throttle = SignInThrottle(ThrottleLimits(max_failures=5, max_client_failures=5, window_s=60, lockout_s=300),
                              clock=clock)
    keys = throttle.keys("Officer", "10.0.0.1")
    for _ in range(4):
        assert throttle.failed(keys) == []
        clock.now += 1
    assert throttle.retry_after(keys) is None
    assert set(throttle.failed(keys)) == {("user", "officer"), ("client", "10.0.0.1")}
    assert throttle.retry_after(throttle.keys("OFFICER", None)) == pytest.approx(300)  # names fold case
    assert throttle.retry_after(throttle.keys("someone-else", "10.0.0.1")) == pytest.approx(300)  # the client
    assert throttle.retry_after(throttle.keys("someone-else", "10.0.0.2")) is None
    clock.now += 301
    assert throttle.retry_after(keys) is None


def test_a_client_is_locked_later_than_a_username() -> None:
    throttle = SignInThrottle(ThrottleLimits(max_failures=2, max_client_failures=4), clock=Clock())
    locked = [throttle.failed(throttle.keys(f"user{n % 3}", "10.0.0.9")) for n in range(4)]
    assert locked[:3] == [[], [], []] and locked[3] == [("user", "user0"), ("client", "10.0.0.9")]


def test_failures_outside_the_window_do_not_count_and_success_clears_the_username() -> None:
    clock = Clock()
    throttle = SignInThrottle(ThrottleLimits(max_failures=3, window_s=60, lockout_s=300), clock=clock)
    keys = throttle.keys("officer", None)
    throttle.failed(keys)
    throttle.failed(keys)
    clock.now += 61  # both fall out of the window
    assert throttle.failed(keys) == []
    throttle.failed(keys)
    throttle.succeeded("officer")
    assert throttle.failed(keys) == [] and throttle.failed(keys) == []
    assert throttle.failed(keys) == [("user", "officer")]


def test_remembered_keys_are_bounded() -> None:
    throttle = SignInThrottle(ThrottleLimits(max_failures=5, max_keys=100), clock=Clock())
    for n in range(1000):
        throttle.failed(throttle.keys(f"user{n}", None))
    assert len(throttle._failures) == 100


@pytest.fixture
def strict(make_gate: GateFactory) -> Iterator[Service]:
    yield from serve(make_gate, sign_in_max_failures=3, sign_in_max_client_failures=3)


def _sign_in_codes(service: Service) -> list[tuple[str, ...]]:
    with service.runtime.db.sessions() as s:
        chain = [AuditRecord.model_validate_json(r.body) for r in AuditRepository(s).chain("gate-01")]
    return [r.reason_codes for r in chain if r.reason_codes and r.reason_codes[0].startswith("SIGN_IN")]


def test_locked_username_gets_429_even_with_the_right_password(strict: Service) -> None:
    client = strict.client
    for _ in range(3):
        assert client.post("/auth/token", data={"username": "officer", "password": "not it at all"}).status_code == 401
    locked = client.post("/auth/token", data={"username": "officer", "password": PASSWORD})
    assert locked.status_code == 429 and 0 < int(locked.headers["retry-after"]) <= 900
    for _ in range(20):  # a flood while locked adds nothing to the audit chain
        client.post("/auth/token", data={"username": "officer", "password": "guess"})
    assert _sign_in_codes(strict) == [("SIGN_IN_FAILED",), ("SIGN_IN_FAILED",), ("SIGN_IN_FAILED", "SIGN_IN_LOCKED")]


def test_a_client_guessing_many_usernames_is_locked_too(strict: Service) -> None:
    client = strict.client
    for name in ("a", "b", "c"):
        assert client.post("/auth/token", data={"username": name, "password": "x" * 12}).status_code == 401
    assert client.post("/auth/token", data={"username": "supervisor", "password": PASSWORD}).status_code == 429
