"""The desk's store and its embedded registry's store both on PostgreSQL: a citizen submitted, cleared by the
registry at once, approved and issued; the raw captures purged from the desk's database after upload and
the rest at issuance; the registry holds the packet."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from gate.assembly import GateRuntime, build_gate
from gate.settings import GateSettings, Settings
from gate.store.desk import DeskCaseRepository
from gate.store.schema import migrate
from tests.gate.api.desk_fixtures import Desk, serve_desk
from tests.gate.api.test_desk_flow import enrol
from tests.gate.conftest import World
from tests.gate.desk_doubles import FaceDeduplicator
from tests.gate.store.db_fixtures import fresh_database

pytestmark = pytest.mark.postgres


def pg_runtime_factory(world: World, home: Path, url: str, built: list[GateRuntime]) -> Callable[..., GateRuntime]:
    def make(**gate_settings: object) -> GateRuntime:
        settings = Settings(home=home, gate=GateSettings(
            quality_profile="relaxed", trust_store=world.pki.trust_store,
            terminal_key=world.pki.terminal_key, **gate_settings))  # type: ignore[arg-type]
        settings.store.database_url = url
        built.append(build_gate(settings, pipeline=world.pipeline, pad=world.pad))
        return built[-1]

    return make


@pytest.fixture
def pg_desk(world: World, tmp_path: Path) -> Iterator[tuple[Desk, str]]:
    built: list[GateRuntime] = []
    for desk_url in fresh_database("egate_desk"):
        for registry_url in fresh_database("egate_registry"):
            migrate(desk_url)
            make = pg_runtime_factory(world, tmp_path / "home", desk_url, built)
            for desk in serve_desk(make, world, FaceDeduplicator(world.pipeline), registry_database=registry_url):
                yield desk, registry_url
            for runtime in built:
                runtime.db.dispose()


def test_submit_clear_approve_issue_on_postgresql(pg_desk: tuple[Desk, str], shared_dir: Path) -> None:
    d, registry_url = pg_desk
    case_id = enrol(d, shared_dir)
    case = d.post(f"/cases/{case_id}/submit").json()
    assert (case["state"], case["dedup_done"]) == ("dedup_pending", True)
    cases = d.client.app.state.services.desk.cases  # type: ignore[attr-defined]

    def parts() -> list[tuple[str, str]]:
        with cases.db.sessions() as session:
            return DeskCaseRepository(session, cases._cipher).sample_keys(case_id)

    assert parts() == [("face", "template"), ("finger:2", "template"), ("iris:right", "image")]
    assert d.post(f"/cases/{case_id}/approve", "sup-hoa").json()["state"] == "approved"
    assert d.post(f"/cases/{case_id}/issue").status_code == 200
    assert parts() == []
    engine = create_engine(registry_url)
    try:
        with engine.connect() as connection:
            row = connection.execute(text("SELECT status, desk_id FROM registry_applications "
                                          "WHERE application_id = :id"), {"id": case_id}).one()
    finally:
        engine.dispose()
    assert tuple(row) == ("dedup_clear", "desk-01")
