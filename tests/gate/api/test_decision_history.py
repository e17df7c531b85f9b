"""The decision history over HTTP, on SQLite and PostgreSQL: filters by gate, reason, officer, verdict and
time, newest decision first, paged."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from tests.gate.api.conftest import Cards, Service, serve
from tests.gate.api.referral_helpers import decide, refer_far_away, refer_impostor
from tests.gate.conftest import GateFactory, World
from tests.gate.store.db_fixtures import fresh_database


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, make_gate: GateFactory,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Service]:
    """The service on SQLite, and on a fresh PostgreSQL database (skipped when unreachable)."""
    if request.param == "sqlite":
        yield from serve(make_gate)
        return
    for url in fresh_database("egate_history"):
        monkeypatch.setenv("EGATE_STORE__DATABASE_URL", url)
        for service in serve(make_gate):
            assert service.runtime.db.url.startswith("postgresql")
            yield service


def _history(service: Service, query: str = "") -> dict[str, object]:
    response = service.client.get(f"/officer/history{query}", headers=service.officer())
    assert response.status_code == 200, response.text
    result: dict[str, object] = response.json()
    return result


def _ids(page: dict[str, object]) -> list[int]:
    items = page["items"]
    assert isinstance(items, list)
    return [item["id"] for item in items]


def test_history_filters_and_pages(backend: Service, cards: Cards, world: World) -> None:
    service = backend
    _, a1 = refer_impostor(service, cards.holder, world, "gate-a")
    _, b1 = refer_impostor(service, cards.other, world, "gate-b")
    _, a2 = refer_far_away(service, cards.holder, world)
    _, still_open = refer_impostor(service, cards.other, world, "gate-b")
    decide(service, a1, "refuse", role="officer")
    decide(service, b1, "admit", role="supervisor", reason_code="IDENTITY_CONFIRMED", reason="same person")
    decide(service, a2, "admit", role="officer", reason_code="TECHNICAL_FAULT", reason="camera angle")

    everything = _history(service)
    assert _ids(everything) == [a2, b1, a1] and everything["total"] == 3  # newest decision first, decided only
    assert still_open not in _ids(everything)
    first = everything["items"][0]  # type: ignore[index]
    assert first["gate_id"] == "gate-a" and first["verdict"] == "admit" and first["officer"] == "officer"
    assert first["officer_reason_code"] == "TECHNICAL_FAULT" and "QUALITY_FAILED" in first["reasons"]
    assert datetime.fromisoformat(first["decided_at"]) >= datetime.fromisoformat(first["created_at"])

    assert _ids(_history(service, "?gate_id=gate-a")) == [a2, a1]
    assert _ids(_history(service, "?gate_id=gate-b")) == [b1]
    assert _ids(_history(service, "?reason=FACE_MISMATCH")) == [b1, a1]
    assert _ids(_history(service, "?reason=QUALITY_FAILED&gate_id=gate-a")) == [a2]
    assert _ids(_history(service, "?reason=FACE_")) == []  # a whole code, not a prefix
    assert _ids(_history(service, "?officer=supervisor")) == [b1]
    assert _ids(_history(service, "?verdict=admit")) == [a2, b1]
    assert _ids(_history(service, "?reason_code=BIOMETRIC_MISMATCH")) == [a1]
    future = (datetime.now().astimezone() + timedelta(hours=1)).isoformat()
    past = (datetime.now().astimezone() - timedelta(hours=1)).isoformat()
    params = {"decided_from": past, "decided_to": future}
    response = service.client.get("/officer/history", params=params, headers=service.officer())
    assert [i["id"] for i in response.json()["items"]] == [a2, b1, a1]
    response = service.client.get("/officer/history", params={"decided_from": future}, headers=service.officer())
    assert response.json()["items"] == [] and response.json()["total"] == 0

    page_two = _history(service, "?per_page=2&page=2")
    assert _ids(page_two) == [a1] and page_two["total"] == 3 and page_two["per_page"] == 2
    assert _ids(_history(service, "?per_page=2&page=3")) == []


def test_history_refuses_bad_queries(service: Service) -> None:
    headers = service.officer()
    for query in ("?page=0", "?per_page=101", "?verdict=maybe", "?gate_id=a%20b", "?decided_from=yesterday",
                  "?reason_code=MADE_UP", "?reason=%25"):
        assert service.client.get(f"/officer/history{query}", headers=headers).status_code == 422, query
    backwards = service.client.get("/officer/history", headers=headers, params={
        "decided_from": "2026-01-02T00:00:00Z", "decided_to": "2026-01-01T00:00:00Z"})
    assert backwards.status_code == 422
    assert service.client.get("/officer/history").status_code == 401
