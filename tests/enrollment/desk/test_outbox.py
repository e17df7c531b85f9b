"""The desk's outbox against a real registry service: queue, upload, acknowledge, purge."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest

from enrollment.desk.outbox import DeskRefusal, Outbox, OutboxConflict, OutboxPolicy
from tests.enrollment.desk.packetkit import NOW, Pki, contents, make_pki, sealed
from tests.enrollment.registry.registrykit import DirectUploader, SimulatedCrash, make_registry


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


def _outbox(tmp_path: Path, **policy: object) -> Outbox:
    return Outbox(tmp_path / "desk" / "outbox.db", OutboxPolicy(**policy), jitter=lambda: 1.0)  # type: ignore[arg-type]


def test_the_outbox_file_is_private(tmp_path: Path) -> None:
    _outbox(tmp_path).close()
    assert stat.S_IMODE((tmp_path / "desk" / "outbox.db").stat().st_mode) == 0o600


def test_sync_uploads_acknowledges_and_purges_the_packet_bytes(pki: Pki, tmp_path: Path) -> None:
    purged: list[str] = []
    outbox = Outbox(tmp_path / "outbox.db", on_acknowledged=purged.append)
    application = contents(1)
    packet = sealed(pki, application)
    digest = outbox.enqueue(application.application_id, packet, NOW)
    assert packet[-64:] in (tmp_path / "outbox.db").read_bytes()
    report = outbox.sync(DirectUploader(make_registry(pki, tmp_path)), NOW)
    assert report.acknowledged == [application.application_id]
    entry = outbox.entry(application.application_id)
    assert entry is not None and entry.state == "acknowledged" and entry.digest == digest
    assert entry.registry_status == "dedup_clear" and not entry.has_packet
    assert purged == [application.application_id]
    outbox.close()
    on_disk = (tmp_path / "outbox.db").read_bytes()
    assert packet[-64:] not in on_disk and packet[1000:1064] not in on_disk  # overwritten, not just unlinked


def test_enqueue_is_idempotent_and_refuses_another_packet_for_the_same_application(pki: Pki, tmp_path: Path) -> None:
    outbox, application = _outbox(tmp_path), contents(2)
    first = sealed(pki, application)
    assert outbox.enqueue(application.application_id, first, NOW) == outbox.enqueue(application.application_id, first,
                                                                                   NOW)
    with pytest.raises(OutboxConflict):
        outbox.enqueue(application.application_id, sealed(pki, application), NOW)  # sealed again: new bytes


def test_a_crash_between_send_and_acknowledgement_resends_and_the_registry_answers_the_same(
        pki: Pki, tmp_path: Path) -> None:
    registry = make_registry(pki, tmp_path)
    uploader = DirectUploader(registry)
    application = contents(3)
    outbox = _outbox(tmp_path)
    outbox.enqueue(application.application_id, sealed(pki, application), NOW)
    uploader.crash_after_send = True
    with pytest.raises(SimulatedCrash):
        outbox.sync(uploader, NOW)
    outbox.close()
    assert registry.status(application.application_id).status.value == "dedup_clear"  # it did arrive
    reopened = _outbox(tmp_path)
    entry = reopened.entry(application.application_id)
    assert entry is not None and entry.state == "pending" and entry.has_packet
    uploader.crash_after_send = False
    assert reopened.sync(uploader, NOW).acknowledged == [application.application_id]
    assert uploader.calls == [application.application_id] * 2
    assert registry.count() == 1  # once, not twice


def test_an_outage_backs_off_then_the_queue_drains_in_order(pki: Pki, tmp_path: Path) -> None:
    uploader = DirectUploader(make_registry(pki, tmp_path))
    outbox = _outbox(tmp_path, backoff_base=timedelta(seconds=30))
    applications = [contents(10 + i) for i in range(3)]
    for i, application in enumerate(applications):
        outbox.enqueue(application.application_id, sealed(pki, application), NOW + timedelta(seconds=i))
    uploader.down = True
    first = outbox.sync(uploader, NOW)
    assert first.unavailable and first.backing_off_until == NOW + timedelta(seconds=30)
    assert len(uploader.calls) == 1  # the round stops at the first unreachable upload
    assert outbox.sync(uploader, NOW + timedelta(seconds=10)).unavailable and len(uploader.calls) == 1
    second = outbox.sync(uploader, NOW + timedelta(seconds=31))
    assert second.backing_off_until == NOW + timedelta(seconds=31 + 60)  # doubled
    uploader.down = False
    drained = outbox.sync(uploader, NOW + timedelta(seconds=120))
    assert drained.acknowledged == [a.application_id for a in applications]
    assert outbox.can_accept_new_application(NOW + timedelta(seconds=120)).unsynced == 0


def test_a_refused_packet_is_kept_with_its_code_and_not_retried(pki: Pki, tmp_path: Path) -> None:
    stranger = make_pki()
    uploader = DirectUploader(make_registry(pki, tmp_path))
    outbox, application = _outbox(tmp_path), contents(4)
    outbox.enqueue(application.application_id, sealed(stranger, application), NOW)
    assert outbox.sync(uploader, NOW).refused == {application.application_id: "PACKET_WRONG_RECIPIENT"}
    entry = outbox.entry(application.application_id)
    assert entry is not None and entry.state == "refused" and entry.has_packet
    outbox.sync(uploader, NOW)
    assert len(uploader.calls) == 1


def test_the_desk_refuses_new_applications_when_its_queue_is_full(pki: Pki, tmp_path: Path) -> None:
    outbox = _outbox(tmp_path, max_unsynced_packets=2)
    for seed in (5, 6):
        application = contents(seed)
        outbox.enqueue(application.application_id, sealed(pki, application), NOW)
    admission = outbox.can_accept_new_application(NOW)
    assert not admission.allowed and admission.code == "DESK_QUEUE_FULL" and admission.unsynced == 2
    with pytest.raises(DeskRefusal) as refused:
        outbox.enqueue(contents(7).application_id, sealed(pki, contents(7)), NOW)
    assert refused.value.code == "DESK_QUEUE_FULL"
    outbox.sync(DirectUploader(make_registry(pki, tmp_path)), NOW)
    assert outbox.can_accept_new_application(NOW).allowed


def test_the_desk_refuses_new_applications_when_unsynced_too_long(pki: Pki, tmp_path: Path) -> None:
    outbox, application = _outbox(tmp_path, max_unsynced_age=timedelta(days=3)), contents(8)
    assert outbox.can_accept_new_application(NOW).allowed
    outbox.enqueue(application.application_id, sealed(pki, application), NOW)
    assert outbox.can_accept_new_application(NOW + timedelta(days=3)).allowed
    late = outbox.can_accept_new_application(NOW + timedelta(days=3, seconds=1))
    assert not late.allowed and late.code == "DESK_UNSYNCED_TOO_LONG" and late.oldest_unsynced_at == NOW
    outbox.sync(DirectUploader(make_registry(pki, tmp_path)), NOW + timedelta(days=3, seconds=2))
    assert outbox.can_accept_new_application(NOW + timedelta(days=30)).allowed


def test_a_purge_cut_short_by_a_crash_is_finished_on_the_next_sync(pki: Pki, tmp_path: Path) -> None:
    calls: list[str] = []

    def dying_purge(application_id: str) -> None:
        calls.append(application_id)
        if len(calls) == 1:
            raise SimulatedCrash("power cut while purging")

    outbox, application = Outbox(tmp_path / "o.db", on_acknowledged=dying_purge), contents(9)
    uploader = DirectUploader(make_registry(pki, tmp_path))
    outbox.enqueue(application.application_id, sealed(pki, application), NOW)
    with pytest.raises(SimulatedCrash):
        outbox.sync(uploader, NOW)
    outbox.close()
    again = Outbox(tmp_path / "o.db", on_acknowledged=dying_purge)
    again.sync(uploader, NOW)
    assert calls == [application.application_id] * 2
    again.sync(uploader, NOW)
    assert len(calls) == 2
