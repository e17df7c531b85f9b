"""Opening a registry from an enrolment PKI directory and a database URL."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from enrollment.desk.packet_seal import seal_packet
from enrollment.icao.errors import PkiError
from enrollment.registry.pki_files import init_enrolment_pki, load_desk_signer, load_registry_certificate, load_trust
from enrollment.registry.startup import open_registry
from tests.enrollment.desk.packetkit import contents
from tests.enrollment.registry.registrykit import SameFaceDeduplicator


def test_a_registry_opened_from_files_receives_a_desk_packet_and_keeps_it_across_restarts(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", now)
    url = f"sqlite:///{tmp_path / 'registry.db'}"
    application = contents(41)
    packet = seal_packet(application, load_desk_signer(layout, "desk-hanoi-1"), load_registry_certificate(layout),
                         load_trust(layout), now)
    first = open_registry(layout.root, url, SameFaceDeduplicator())
    assert first.receive(application.application_id, packet, now).status.value == "dedup_clear"
    gallery = SameFaceDeduplicator()
    second = open_registry(layout.root, url, gallery)
    assert gallery.count() == 1 and second.receive(application.application_id, packet, now).status.value == \
        "dedup_clear"


def test_a_missing_registry_key_is_a_pki_error(tmp_path: Path) -> None:
    with pytest.raises(PkiError):
        open_registry(tmp_path / "nothing", f"sqlite:///{tmp_path / 'r.db'}", SameFaceDeduplicator())
