"""Desk and registry over a real uvicorn on 127.0.0.1, with the registry stopped in the middle:
the queue grows, the registry comes back (restarted on the same store), the queue drains —
every packet stored once, none lost."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from enrollment.desk.outbox import Outbox, OutboxPolicy
from enrollment.desk.outbox_http import HttpPacketUploader
from enrollment.registry.api import create_registry_app
from enrollment.registry.service import Registry
from tests.enrollment.desk.packetkit import NOW, contents, make_pki, sealed
from tests.enrollment.registry.live_registry import LiveRegistry, free_port
from tests.enrollment.registry.registrykit import SameFaceDeduplicator, make_registry, signer


@pytest.fixture
def live() -> Iterator[LiveRegistry]:
    server = LiveRegistry(free_port())
    yield server
    server.stop()


def _serve(live: LiveRegistry, registry: Registry) -> None:
    live.start(create_registry_app(registry, clock=lambda: NOW))


def test_an_outage_in_the_middle_loses_nothing_and_stores_nothing_twice(live: LiveRegistry, tmp_path: Path) -> None:
    pki = make_pki()
    outbox = Outbox(tmp_path / "desk" / "outbox.db", OutboxPolicy(backoff_base=timedelta(seconds=5)),
                    jitter=lambda: 1.0)
    uploader = HttpPacketUploader(live.url, timeout=5.0, sign=signer(pki))
    applications = [contents(100 + i) for i in range(6)]
    queued = {a.application_id: outbox.enqueue(a.application_id, sealed(pki, a), NOW + timedelta(seconds=i))
              for i, a in enumerate(applications[:2])}

    _serve(live, make_registry(pki, tmp_path))
    first = outbox.sync(uploader, NOW + timedelta(minutes=1))
    assert first.acknowledged == [a.application_id for a in applications[:2]]
    live.stop()

    for i, application in enumerate(applications[2:], start=2):
        queued[application.application_id] = outbox.enqueue(application.application_id, sealed(pki, application),
                                                             NOW + timedelta(minutes=2, seconds=i))
    down = outbox.sync(uploader, NOW + timedelta(minutes=3))
    assert down.unavailable and not down.acknowledged
    assert outbox.can_accept_new_application(NOW + timedelta(minutes=3)).unsynced == 4

    dedup = SameFaceDeduplicator()
    restarted = make_registry(pki, tmp_path, dedup)
    assert restarted.restore_gallery() == 2
    _serve(live, restarted)
    drained = outbox.sync(uploader, NOW + timedelta(minutes=4))
    assert drained.acknowledged == [a.application_id for a in applications[2:]]
    assert outbox.sync(uploader, NOW + timedelta(minutes=5)).acknowledged == []

    assert restarted.count() == 6 and dedup.count() == 6
    for application in applications:
        record = restarted.status(application.application_id)
        assert record.packet_digest == queued[application.application_id]
        assert uploader.status(application.application_id)["status"] == "dedup_clear"
    uploader.close()
