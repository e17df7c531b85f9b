"""The registry service: receive, de-duplicate, adjudicate, and recover after a restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from enrollment.desk.packet_errors import PacketMalformed
from enrollment.registry.errors import ApplicationUnknown, NotInAdjudication, PacketConflict
from enrollment.registry.status import RegistryStatus
from tests.enrollment.desk.packetkit import NOW, Pki, contents, make_pki, sealed
from tests.enrollment.registry.registrykit import SameFaceDeduplicator, make_registry


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


def test_a_new_applicant_is_clear_and_enrolled(pki: Pki, tmp_path: Path) -> None:
    dedup = SameFaceDeduplicator()
    registry, application = make_registry(pki, tmp_path, dedup), contents(1)
    record = registry.receive(application.application_id, sealed(pki, application), NOW)
    assert record.status is RegistryStatus.DEDUP_CLEAR and record.desk_id == application.desk_id
    assert dedup.gallery[application.application_id].fingers == application.finger_templates
    assert registry.status(application.application_id) == record


def test_a_second_application_with_the_same_face_goes_to_adjudication_and_can_be_rejected(
        pki: Pki, tmp_path: Path) -> None:
    dedup = SameFaceDeduplicator()
    registry = make_registry(pki, tmp_path, dedup)
    first = contents(2)
    second = contents(3, face=first.face_jpeg, name="TRẦN VĂN BÌNH")
    registry.receive(first.application_id, sealed(pki, first), NOW)
    record = registry.receive(second.application_id, sealed(pki, second), NOW)
    assert record.status is RegistryStatus.ADJUDICATION
    assert [c.application_id for c in record.candidates] == [first.application_id]
    assert record.candidates[0].per_modality == {"face": 1e-6}
    rejected = registry.adjudicate(second.application_id, duplicate=True, adjudicator="supervisor.minh")
    assert rejected.status is RegistryStatus.DUPLICATE_REJECTED and rejected.decided_by == "supervisor.minh"
    assert second.application_id not in dedup.gallery
    with pytest.raises(NotInAdjudication):
        registry.adjudicate(second.application_id, duplicate=False, adjudicator="supervisor.minh")


def test_different_people_after_adjudication_are_accepted(pki: Pki, tmp_path: Path) -> None:
    registry = make_registry(pki, tmp_path)
    first = contents(4)
    twin = contents(5, face=first.face_jpeg)
    registry.receive(first.application_id, sealed(pki, first), NOW)
    registry.receive(twin.application_id, sealed(pki, twin), NOW)
    assert registry.adjudicate(twin.application_id, duplicate=False, adjudicator="s").status is RegistryStatus.ACCEPTED


def test_the_same_packet_again_gets_the_same_answer_and_another_packet_is_a_conflict(pki: Pki, tmp_path: Path) -> None:
    registry, application = make_registry(pki, tmp_path), contents(6)
    packet = sealed(pki, application)
    assert registry.receive(application.application_id, packet, NOW) == registry.receive(
        application.application_id, packet, NOW)
    with pytest.raises(PacketConflict):
        registry.receive(application.application_id, sealed(pki, application), NOW)


def test_unknown_and_malformed_application_ids(pki: Pki, tmp_path: Path) -> None:
    registry = make_registry(pki, tmp_path)
    with pytest.raises(ApplicationUnknown):
        registry.status("0" * 32)
    with pytest.raises(PacketMalformed):
        registry.receive("../../etc", b"x", NOW)


def test_a_failed_deduplication_keeps_the_application_and_runs_again(pki: Pki, tmp_path: Path) -> None:
    dedup = SameFaceDeduplicator()
    registry, application = make_registry(pki, tmp_path, dedup), contents(7)
    dedup.fail = True
    assert registry.receive(application.application_id, sealed(pki, application), NOW).status \
        is RegistryStatus.RECEIVED
    dedup.fail = False
    assert registry.process_received() == 1
    assert registry.status(application.application_id).status is RegistryStatus.DEDUP_CLEAR


def test_after_a_restart_the_gallery_is_rebuilt_from_the_stored_packets(pki: Pki, tmp_path: Path) -> None:
    registry = make_registry(pki, tmp_path)
    kept, duplicate = contents(8), contents(9)
    registry.receive(kept.application_id, sealed(pki, kept), NOW)
    registry.receive(duplicate.application_id, sealed(pki, contents(9, face=kept.face_jpeg)), NOW)
    registry.adjudicate(duplicate.application_id, duplicate=True, adjudicator="s")
    fresh = SameFaceDeduplicator()
    restarted = make_registry(pki, tmp_path, fresh)
    assert restarted.restore_gallery() == 1 and set(fresh.gallery) == {kept.application_id}
    assert restarted.restore_gallery() == 0
    third = contents(10, face=kept.face_jpeg)
    assert restarted.receive(third.application_id, sealed(pki, third), NOW).status is RegistryStatus.ADJUDICATION
