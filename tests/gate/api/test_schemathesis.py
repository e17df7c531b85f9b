"""The API against its own OpenAPI document, fuzzed by schemathesis (bounded: a few dozen examples per
operation, well under a minute in all): no server error, and every response — status code, content type,
headers, body — is one the document declares. Requests carry a gate key and an admin token, so the
generated data reaches the routes behind authentication too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.result import Ok
from schemathesis.generation.hypothesis.builder import HypothesisTestConfig, HypothesisTestMode, create_test

from gate.api import create_app
from gate.assembly import build_gate
from gate.settings import GateSettings, Settings
from gate.store import GateRepository, OfficerRepository, StoreSettings
from tests.gate.api.conftest import CHEAP, PASSWORD, api_settings
from tests.gate.conftest import World
from tests.gate.store.db_fixtures import fresh_database


@pytest.fixture(scope="module")
def pg_database() -> Iterator[str]:
    yield from fresh_database("egate_fuzz")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
Headers = dict[str, str]


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def served(request: pytest.FixtureRequest, world: World,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Headers]]:
    """The service on SQLite (ids up to 2**63) and on PostgreSQL (``integer`` ids stop at 2**31 - 1)."""
    home: Path = tmp_path_factory.mktemp("fuzz")
    store = StoreSettings(database_url=request.getfixturevalue("pg_database") if request.param == "postgresql"
                          else None)
    runtime = build_gate(Settings(home=home, store=store, gate=GateSettings(
        quality_profile="relaxed", trust_store=world.pki.trust_store, terminal_key=world.pki.terminal_key)),
        pipeline=world.pipeline, pad=world.pad)
    with runtime.db.sessions.begin() as session:
        _, key = GateRepository(session).create("gate-a", "gate-a")
        OfficerRepository(session, CHEAP).create("admin", PASSWORD, "admin")
    app = create_app(lambda: runtime, api=api_settings(sign_in_max_failures=100, sign_in_max_client_failures=1000),
                     hasher=CHEAP)
    with TestClient(app) as client:
        token = client.post("/auth/token", data={"username": "admin", "password": PASSWORD}).json()["access_token"]
        yield client, {"X-Gate-Key": key, "Authorization": f"Bearer {token}"}
    runtime.db.dispose()


@pytest.mark.slow
def test_the_api_keeps_its_documented_contract(served: tuple[TestClient, Headers]) -> None:
    """Every operation in turn, through schemathesis' examples, coverage (boundary and invalid values:
    ids past the column's range, over-long strings) and fuzzing phases. Schemathesis' pytest plugin needs
    a private pytest attribute that pytest 9 dropped, so each operation's test is built directly."""
    client, headers = served
    # signing out would revoke the token every other operation uses; it is covered in test_auth
    api = schemathesis.openapi.from_asgi("/openapi.json", client.app).exclude(path="/auth/sign-out")
    config = HypothesisTestConfig(project=api.config, modes=list(HypothesisTestMode), settings=settings(
        max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None))

    def call(case: Any) -> None:  # a schemathesis.Case
        case.call_and_validate(headers={**dict(case.headers or {}), **headers}, checks=CHECKS)

    failures: dict[str, str] = {}
    results = list(api.get_all_operations())
    operations = [result.ok() for result in results if isinstance(result, Ok)]
    assert len(operations) == len(results)  # every operation in the document is well-formed
    for operation in operations:
        try:
            create_test(operation=operation, test_func=call, config=config)()
        except Unsatisfiable:  # nothing to make invalid (an operation without parameters or body)
            continue
        except Exception as exc:  # collect every operation's first failure, then report them all
            failures[operation.label] = str(exc)[:2000]
    assert len(operations) >= 15
    assert not failures, "\n\n".join(f"{label}: {text}" for label, text in failures.items())
