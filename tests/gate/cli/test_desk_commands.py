"""``egate desk pki init`` and ``egate desk sync`` against a real registry on 127.0.0.1."""

from __future__ import annotations

import stat
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from enrollment.desk.outbox import Outbox
from enrollment.desk.packet_seal import seal_packet
from enrollment.registry.api import create_registry_app
from enrollment.registry.pki_files import (
    EnrolmentPkiLayout,
    load_desk_signer,
    load_registry_certificate,
    load_trust,
)
from enrollment.registry.startup import open_registry
from gate.cli.main import app
from tests.enrollment.desk.packetkit import contents
from tests.enrollment.registry.live_registry import LiveRegistry, free_port
from tests.enrollment.registry.registrykit import SameFaceDeduplicator


@pytest.fixture
def live() -> Iterator[LiveRegistry]:
    server = LiveRegistry(free_port())
    yield server
    server.stop()


def _init(root: Path) -> EnrolmentPkiLayout:
    result = CliRunner().invoke(app, ["desk", "pki", "init", str(root), "--desk-id", "desk-hanoi-1"])
    assert result.exit_code == 0, result.output
    return EnrolmentPkiLayout(root)


def test_pki_init_writes_private_keys_0600_and_refuses_to_overwrite(tmp_path: Path) -> None:
    layout = _init(tmp_path / "pki")
    for key in (layout.ca_key, layout.desk_key("desk-hanoi-1"), layout.registry_key):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
        assert stat.S_IMODE(key.parent.stat().st_mode) == 0o700
    again = CliRunner().invoke(app, ["desk", "pki", "init", str(tmp_path / "pki")])
    assert again.exit_code == 2 and "refusing to overwrite" in again.output


def test_pki_init_refuses_a_desk_id_that_is_not_a_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["desk", "pki", "init", str(tmp_path / "pki"), "--desk-id", "../x"])
    assert result.exit_code == 2


def _queued_outbox(layout: EnrolmentPkiLayout, path: Path, seed: int) -> str:
    now = datetime.now(UTC)
    outbox, application = Outbox(path), contents(seed)
    packet = seal_packet(application, load_desk_signer(layout, "desk-hanoi-1"), load_registry_certificate(layout),
                         load_trust(layout), now)
    outbox.enqueue(application.application_id, packet, now)
    outbox.close()
    return application.application_id


def _sync(outbox: Path, url: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["desk", "sync", "--outbox", str(outbox), "--registry-url", url,
                                      "--pki", str(outbox.parent / "pki"), "--desk-id", "desk-hanoi-1"])
    return result.exit_code, result.output


def test_sync_drains_the_outbox_into_the_registry(live: LiveRegistry, tmp_path: Path) -> None:
    layout = _init(tmp_path / "pki")
    application_id = _queued_outbox(layout, tmp_path / "outbox.db", 31)
    registry = open_registry(layout.root, f"sqlite:///{tmp_path / 'registry.db'}", SameFaceDeduplicator())
    live.start(create_registry_app(registry))
    code, output = _sync(tmp_path / "outbox.db", live.url)
    assert code == 0 and "acknowledged 1 packet(s); 0 unsynced" in output
    assert registry.status(application_id).status.value == "dedup_clear"


def test_sync_without_a_registry_says_so_and_fails(tmp_path: Path) -> None:
    layout = _init(tmp_path / "pki")
    _queued_outbox(layout, tmp_path / "outbox.db", 32)
    code, output = _sync(tmp_path / "outbox.db", f"http://127.0.0.1:{free_port()}")
    assert code == 1 and "registry unavailable" in output and "1 unsynced" in output
