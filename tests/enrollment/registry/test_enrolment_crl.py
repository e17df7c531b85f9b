"""Revocation of enrolment certificates: a CRL of the CA lists the certificate, or no CRL of the CA is
current any more (status unknown: refused, fail-secure); the CA publishes its next CRL with every entry kept."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from enrollment.desk.outbox_transport import RegistryUnavailable
from enrollment.desk.packet_seal import open_packet
from enrollment.desk.registry_http import HttpRegistryClient
from enrollment.icao.errors import PkiError
from enrollment.registry import enrolment_pki
from enrollment.registry.api import create_registry_app
from enrollment.registry.enrolment_trust import CertificateRefused, EnrolmentTrust, Problem, check_certificate
from enrollment.registry.pki_files import EnrolmentPkiLayout, init_enrolment_pki, load_trust, publish_crl
from gate.cli.main import app
from tests.enrollment.desk.packetkit import NOW, Pki, contents, make_pki, sealed
from tests.enrollment.registry.registrykit import make_registry

STALE = NOW + timedelta(days=enrolment_pki.CRL_DAYS, hours=1)  # past the next update of a CRL issued at NOW


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


def _problem(cert: x509.Certificate, trust: EnrolmentTrust, *at: datetime) -> Problem | None:
    try:
        check_certificate(cert, trust, "signature", at)
    except CertificateRefused as exc:
        return exc.problem
    return None


def _crl(pki: Pki, issued: datetime, revoked: tuple[int, ...] = ()) -> x509.CertificateRevocationList:
    return enrolment_pki.issue_enrolment_crl(pki.ca, pki.ca_key, issued, revoked)


def test_a_stale_crl_leaves_revocation_unknown_and_the_certificate_refused(pki: Pki) -> None:
    desk = pki.desk.certificate
    assert _problem(desk, pki.trust, NOW) is None
    assert _problem(desk, pki.trust, STALE) is Problem.REVOCATION_UNKNOWN
    assert _problem(desk, pki.trust, NOW - timedelta(days=1), STALE) is Problem.REVOCATION_UNKNOWN  # the latest
    assert _problem(desk, pki.trust, NOW - timedelta(hours=1)) is Problem.REVOCATION_UNKNOWN  # not yet issued
    fresh = EnrolmentTrust(pki.trust.cas, (*pki.trust.crls, _crl(pki, STALE - timedelta(days=1))))
    assert _problem(desk, fresh, STALE) is None  # one current CRL of the CA is enough
    assert _problem(desk, EnrolmentTrust(pki.trust.cas), STALE) is None  # a CA without CRLs is not checked


def test_a_stale_crl_still_revokes_and_a_foreign_one_does_not_count(pki: Pki) -> None:
    desk = pki.desk.certificate
    listed = EnrolmentTrust(pki.trust.cas, (_crl(pki, NOW, (desk.serial_number,)),))
    assert _problem(desk, listed, STALE) is Problem.REVOKED
    other = make_pki()
    foreign = EnrolmentTrust(pki.trust.cas, (*pki.trust.crls, _crl(other, STALE - timedelta(days=1))))
    assert _problem(desk, foreign, STALE) is Problem.REVOCATION_UNKNOWN
    with pytest.raises(ValueError, match="at least one time"):
        check_certificate(desk, pki.trust, "signature", [])


def test_a_packet_opened_with_a_stale_crl_is_refused_for_now(pki: Pki) -> None:
    original = contents(41)
    packet = sealed(pki, original)
    with pytest.raises(Exception, match="PACKET_REVOCATION_UNKNOWN"):
        open_packet(packet, original.application_id, pki.registry, pki.trust, STALE)


def test_a_registry_with_a_stale_crl_answers_so_that_the_desk_keeps_its_packet(pki: Pki, tmp_path: Path) -> None:
    original = contents(42)
    packet = sealed(pki, original)
    for name in ("stale", "renewed"):
        (tmp_path / name).mkdir()
    stale_registry = make_registry(pki, tmp_path / "stale")
    with TestClient(create_registry_app(stale_registry, clock=lambda: STALE)) as client:
        desk = HttpRegistryClient(None, pki.desk, client=client, clock=lambda: STALE)
        with pytest.raises(RegistryUnavailable):  # transient: the outbox backs off and retries
            desk.upload(original.application_id, packet)
    renewed = replace(pki, trust=EnrolmentTrust(pki.trust.cas, (_crl(pki, STALE - timedelta(days=1)),)))
    with TestClient(create_registry_app(make_registry(renewed, tmp_path / "renewed"), clock=lambda: STALE)) as client:
        desk = HttpRegistryClient(None, pki.desk, client=client, clock=lambda: STALE)
        assert desk.upload(original.application_id, packet).application_id == original.application_id


def test_publishing_keeps_every_entry_and_adds_the_revoked_desk(tmp_path: Path) -> None:
    issued = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", issued)
    desk = x509.load_pem_x509_certificate(layout.desk_cert("desk-hanoi-1").read_bytes())
    assert _problem(desk, load_trust(layout), issued) is None
    first = publish_crl(layout, issued + timedelta(days=1), ("desk-hanoi-1",))
    assert [e.serial_number for e in first] == [desk.serial_number]
    assert _problem(desk, load_trust(layout), issued + timedelta(days=1)) is Problem.REVOKED
    later = issued + timedelta(days=80)
    second = publish_crl(layout, later, ("desk-hanoi-1",), days=30)
    entry = second.get_revoked_certificate_by_serial_number(desk.serial_number)
    assert entry is not None and len(list(second)) == 1
    assert abs(entry.revocation_date_utc - (issued + timedelta(days=1))) < timedelta(seconds=1)  # kept, not redated
    assert second.next_update_utc is not None
    assert abs(second.next_update_utc - (later + timedelta(days=30))) < timedelta(seconds=1)
    assert not list(layout.crl.parent.glob("*.new"))


def test_publishing_refuses_bad_input_and_leaves_the_crl_alone(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", now)
    before = layout.crl.read_bytes()
    with pytest.raises(PkiError, match="366 days"):
        publish_crl(layout, now, days=400)
    with pytest.raises(PkiError):
        publish_crl(layout, now, ("no-such-desk",))
    other = init_enrolment_pki(tmp_path / "other", "desk-x", now)
    layout.crl.write_bytes(other.crl.read_bytes())  # another CA's CRL in its place
    with pytest.raises(PkiError, match="not this CA's"):
        publish_crl(layout, now)
    layout.crl.write_bytes(before)
    layout.ca_key.unlink()
    with pytest.raises(PkiError, match="CA key"):
        publish_crl(layout, now)
    assert layout.crl.read_bytes() == before


def test_the_command_publishes_and_says_when_the_next_is_due(tmp_path: Path) -> None:
    root = tmp_path / "pki"
    layout = init_enrolment_pki(root, "desk-hanoi-1", datetime.now(UTC))
    result = CliRunner().invoke(app, ["desk", "pki", "crl", str(root), "--revoke", "desk-hanoi-1", "--days", "45"])
    assert result.exit_code == 0, result.output
    assert "1 revoked" in result.output and "next update" in result.output
    crl = x509.load_pem_x509_crl(EnrolmentPkiLayout(root).crl.read_bytes())
    assert crl.next_update_utc is not None and crl.next_update_utc - datetime.now(UTC) > timedelta(days=44)
    bad = CliRunner().invoke(app, ["desk", "pki", "crl", str(root), "--days", "0"])
    assert bad.exit_code == 2 and "PkiError" in bad.output
    assert layout.crl.exists()
