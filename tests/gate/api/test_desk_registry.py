"""The desk and a registry behind HTTP (``egate registry serve``'s app on a real socket): packets queue
while the registry is down and drain when it is back, nothing lost and nothing twice; a duplicate goes to
adjudication with the candidate's record from the registry and leaves the registry's gallery when
rejected; raw captures are purged from the desk's database once the registry holds the packet; the desk
refuses new applications when unsynced too long or its queue is full; a stale CRL holds packets until the next
one is copied in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from enrollment.registry.api import create_registry_app
from enrollment.registry.pki_files import EnrolmentPkiLayout, init_enrolment_pki, publish_crl
from enrollment.registry.service import Registry
from enrollment.registry.startup import open_registry
from gate.service.desk import DeskService
from gate.store.desk import DeskCaseRepository
from tests.enrollment.registry.live_registry import LiveRegistry, free_port
from tests.gate.api.desk_fixtures import Desk, serve_desk
from tests.gate.api.test_desk_flow import enrol
from tests.gate.conftest import GateFactory, World
from tests.gate.desk_doubles import FaceDeduplicator


class Clock:
    """Both ends' clock, moved forward to pass the outbox's back-off or the unsynced age."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(UTC) + self.offset


@dataclass
class Setup:
    desk: Desk
    live: LiveRegistry
    registry: Registry
    dedup: FaceDeduplicator
    clock: Clock

    @property
    def service(self) -> DeskService:
        return self.desk.client.app.state.services.desk  # type: ignore[attr-defined,no-any-return]

    def start_registry(self) -> None:
        self.live.start(create_registry_app(self.registry, clock=self.clock))

    def later(self, delta: timedelta) -> None:
        self.clock.offset += delta

    def parts(self, case_id: str) -> list[tuple[str, str]]:
        cases = self.service.cases
        with cases.db.sessions() as session:
            return DeskCaseRepository(session, cases._cipher).sample_keys(case_id)

    def case(self, case_id: str) -> dict[str, object]:
        return dict(self.desk.client.get(f"/desk/cases/{case_id}", headers=self.desk.auth("sup-hoa")).json())


@pytest.fixture
def setup(make_gate: GateFactory, world: World, tmp_path: Path) -> Iterator[Setup]:
    clock = Clock()
    layout = init_enrolment_pki(tmp_path / "enrolment-pki", "desk-01", clock() - timedelta(minutes=1))
    dedup = FaceDeduplicator(world.pipeline)
    registry = open_registry(layout.root, f"sqlite:///{tmp_path / 'registry.db'}", dedup)
    live = LiveRegistry(free_port())
    for desk in serve_desk(make_gate, world, None, registry_url=live.url, enrolment_pki=layout.root,
                           max_unsynced_packets=3, sync_interval_s=3600):
        desk.client.app.state.services.desk.cases.clock = clock  # type: ignore[attr-defined]
        yield Setup(desk, live, registry, dedup, clock)
    live.stop()


def test_registry_down_then_back_nothing_lost_nothing_twice(setup: Setup, shared_dir: Path) -> None:
    d = setup.desk
    case_id = enrol(d, shared_dir)
    submitted = d.post(f"/cases/{case_id}/submit").json()
    assert (submitted["state"], submitted["dedup_done"]) == ("dedup_pending", False)
    assert d.post(f"/cases/{case_id}/approve", "sup-hoa").json()["code"] == "DEDUP_NOT_DONE"
    assert setup.service.sync.link.admission(setup.clock()).unsynced == 1
    assert ("face", "image") in setup.parts(case_id)  # nothing purged before the registry holds it
    assert setup.service.synchronise().unavailable
    setup.start_registry()
    assert setup.service.synchronise().uploaded == []  # still backing off
    setup.later(timedelta(hours=1, minutes=1))
    round_ = setup.service.synchronise()
    assert (round_.uploaded, round_.moved) == ([case_id], {case_id: "dedup_clear"})
    assert setup.service.synchronise().uploaded == []  # nothing twice
    assert setup.registry.count() == 1 and list(setup.dedup.enrolled) == [case_id]
    assert setup.parts(case_id) == [("face", "template"), ("finger:2", "template"), ("iris:right", "image")]
    assert (setup.case(case_id)["state"], setup.case(case_id)["dedup_done"]) == ("dedup_pending", True)
    assert d.post(f"/cases/{case_id}/approve", "sup-hoa").json()["state"] == "approved"
    issued = d.post(f"/cases/{case_id}/issue")
    assert issued.status_code == 200, issued.text
    assert setup.parts(case_id) == []  # the personalisation payload goes at issuance


def test_a_duplicate_is_rejected_in_adjudication_and_leaves_the_registry(setup: Setup, shared_dir: Path) -> None:
    d = setup.desk
    setup.start_registry()
    first = enrol(d, shared_dir)
    assert d.post(f"/cases/{first}/submit").json()["dedup_done"] is True  # uploaded and cleared at once
    second = enrol(d, shared_dir, eye_distance=140.0, full_name="Trần Văn Bình", id_number="079089123456")
    assert d.post(f"/cases/{second}/submit").json()["state"] == "adjudication"
    assert setup.parts(first) == [("face", "template"), ("finger:2", "template"), ("iris:right", "image")]
    view = d.client.get(f"/desk/cases/{second}/adjudication", headers=d.auth("sup-hoa")).json()
    (beside,) = view["candidates"]
    assert (beside["record"]["application_id"], beside["record"]["desk_id"]) == (first, "desk-01")
    assert beside["record"]["demographics"]["full_name"] == "Nguyễn Văn An"
    portrait = d.client.get(f"/desk/cases/{second}/candidates/{first}/portrait", headers=d.auth("sup-hoa"))
    assert portrait.status_code == 200 and portrait.content[:2] == b"\xff\xd8"
    unlisted = d.client.get(f"/desk/cases/{first}/candidates/{second}/portrait", headers=d.auth("sup-hoa"))
    assert unlisted.status_code == 404
    own = d.post(f"/cases/{second}/adjudication", "clerk-lan", json={"decision": "duplicate"})
    assert own.status_code == 403 and setup.registry.status(second).status.value == "adjudication"
    decided = d.post(f"/cases/{second}/adjudication", "sup-hoa", json={"decision": "duplicate"}).json()
    assert (decided["state"], decided["outcome"]) == ("rejected", "DUPLICATE")
    assert setup.registry.status(second).status.value == "duplicate_rejected"
    assert second not in setup.dedup.enrolled and first in setup.dedup.enrolled


def test_the_adjudication_waits_for_the_registry(setup: Setup, shared_dir: Path) -> None:
    d = setup.desk
    setup.start_registry()
    first = enrol(d, shared_dir)
    d.post(f"/cases/{first}/submit")
    second = enrol(d, shared_dir, eye_distance=140.0, id_number="079089123456")
    assert d.post(f"/cases/{second}/submit").json()["state"] == "adjudication"
    setup.live.stop()
    view = d.client.get(f"/desk/cases/{second}/adjudication", headers=d.auth("sup-hoa")).json()
    assert view["candidates"][0]["record"] is None
    refused = d.post(f"/cases/{second}/adjudication", "sup-hoa", json={"decision": "different"})
    assert (refused.status_code, refused.json()["code"]) == (503, "REGISTRY_UNAVAILABLE")
    assert setup.case(second)["state"] == "adjudication"  # not decided at the desk either


def test_the_desk_refuses_new_work_when_unsynced_too_long_or_full(setup: Setup, shared_dir: Path) -> None:
    d = setup.desk
    case_id = enrol(d, shared_dir)
    d.post(f"/cases/{case_id}/submit")
    setup.later(timedelta(hours=73))
    refused = d.post("/cases", json={"consent": True})
    assert (refused.status_code, refused.json()["code"]) == (409, "DESK_UNSYNCED_TOO_LONG")
    setup.later(-timedelta(hours=73))
    for _ in range(2):
        other = enrol(d, shared_dir, id_number="079089123456")
        assert d.post(f"/cases/{other}/submit").json()["state"] == "dedup_pending"
    full = d.post("/cases", json={"consent": True})
    assert (full.status_code, full.json()["code"]) == (409, "DESK_QUEUE_FULL")


def test_a_rejected_case_leaves_the_registry_gallery(setup: Setup, shared_dir: Path) -> None:
    d = setup.desk
    pending = enrol(d, shared_dir, id_number="079089123456")
    d.post(f"/cases/{pending}/submit")  # the registry is down: queued only
    assert d.post(f"/cases/{pending}/reject", "sup-hoa", json={"code": "DOCUMENTS_INVALID"}).status_code == 200
    setup.start_registry()
    setup.later(timedelta(hours=1, minutes=1))
    assert setup.service.synchronise().uploaded == [pending]  # uploaded, then withdrawn at once
    assert setup.registry.status(pending).status.value == "withdrawn" and pending not in setup.dedup.enrolled
    cleared = enrol(d, shared_dir)
    assert d.post(f"/cases/{cleared}/submit").json()["dedup_done"] is True
    setup.live.stop()
    refused = d.post(f"/cases/{cleared}/reject", "sup-hoa", json={"code": "APPLICANT_WITHDREW"})
    assert (refused.status_code, refused.json()["code"]) == (503, "REGISTRY_UNAVAILABLE")
    assert setup.case(cleared)["state"] == "dedup_pending" and cleared in setup.dedup.enrolled
    setup.start_registry()
    assert d.post(f"/cases/{cleared}/reject", "sup-hoa", json={"code": "APPLICANT_WITHDREW"}).status_code == 200
    assert setup.registry.status(cleared).status.value == "withdrawn" and cleared not in setup.dedup.enrolled


def test_a_stale_crl_holds_the_packet_until_the_next_one_is_copied_in(setup: Setup, shared_dir: Path,
                                                                       tmp_path: Path) -> None:
    layout = EnrolmentPkiLayout(tmp_path / "enrolment-pki")
    key = layout.ca_key.read_bytes()
    layout.ca_key.unlink()  # the CA key kept apart: nothing renews the CRL here
    setup.start_registry()
    case_id = enrol(setup.desk, shared_dir)
    setup.later(timedelta(days=91))  # past the next update of the CRL that pki init wrote
    assert setup.desk.post(f"/cases/{case_id}/submit").json()["state"] == "dedup_pending"
    held = setup.service.synchronise()  # the desk will not seal for a registry it cannot check
    assert held.queued == [] and held.uploaded == [] and setup.registry.count() == 0
    assert setup.case(case_id)["state"] == "dedup_pending" and ("face", "image") in setup.parts(case_id)
    refused = setup.desk.post("/cases", json={"consent": True})  # and the clerk is told why, before new work
    assert (refused.status_code, refused.json()["code"]) == (409, "DESK_REGISTRY_UNTRUSTED")
    layout.ca_key.write_bytes(key)  # where the CA key is, the operator publishes; the file is shared here
    publish_crl(layout, setup.clock())
    layout.ca_key.unlink()
    sent = setup.service.synchronise()  # the same running desk and registry read the new CRL
    assert sent.uploaded == [case_id] and setup.registry.count() == 1
    assert setup.desk.post("/cases", json={"consent": True}).status_code == 201
