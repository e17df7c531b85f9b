"""A stale CRL leaves revocation status unknown and the certificate refused; the CRL file is read again when
it is republished, renewed by itself where the CA key is; every refusal it causes is one the desk retries."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from fastapi.testclient import TestClient

from enrollment.desk.outbox_transport import RegistryUnavailable
from enrollment.desk.packet_errors import PacketRevocationUnknown
from enrollment.desk.packet_seal import open_packet
from enrollment.desk.registry_http import HttpRegistryClient
from enrollment.desk.registry_local import LocalRegistryClient
from enrollment.icao.errors import PkiError
from enrollment.icao.pki.keys import load_private_pem
from enrollment.registry import enrolment_pki
from enrollment.registry.api import _refusal, create_registry_app
from enrollment.registry.crl_file import CrlFile
from enrollment.registry.desk_access import DeskAccess
from enrollment.registry.desk_auth import DeskAuthenticator, DeskAuthError
from enrollment.registry.desk_requests import sign_request
from enrollment.registry.enrolment_trust import CertificateRefused, EnrolmentTrust, Problem, check_certificate
from enrollment.registry.pki_files import init_enrolment_pki, load_trust, publish_crl
from tests.enrollment.desk.packetkit import DESK_ID, NOW, Pki, contents, make_pki, sealed
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
    assert _problem(desk, pki.trust, NOW - timedelta(hours=2)) is Problem.REVOCATION_UNKNOWN  # not yet issued
    fresh = EnrolmentTrust(pki.trust.cas, (*pki.trust.crls, _crl(pki, STALE - timedelta(days=1))))
    assert _problem(desk, fresh, STALE) is None  # one current CRL of the CA is enough
    assert _problem(desk, EnrolmentTrust(pki.trust.cas), STALE) is None  # a CA without CRLs is not checked
    with pytest.raises(ValueError, match="at least one time"):
        check_certificate(desk, pki.trust, "signature", [])


def test_a_stale_crl_still_revokes_and_a_foreign_one_does_not_count(pki: Pki) -> None:
    desk = pki.desk.certificate
    listed = EnrolmentTrust(pki.trust.cas, (_crl(pki, NOW, (desk.serial_number,)),))
    assert _problem(desk, listed, STALE) is Problem.REVOKED
    foreign = EnrolmentTrust(pki.trust.cas, (*pki.trust.crls, _crl(make_pki(), STALE - timedelta(days=1))))
    assert _problem(desk, foreign, STALE) is Problem.REVOCATION_UNKNOWN


def test_a_packet_refused_for_a_stale_crl_is_retried_not_dropped(pki: Pki, tmp_path: Path) -> None:
    original = contents(41)
    packet = sealed(pki, original)
    with pytest.raises(PacketRevocationUnknown):
        open_packet(packet, original.application_id, pki.registry, pki.trust, STALE)
    assert _refusal(PacketRevocationUnknown("stale")).status_code == 503  # the HTTP desk backs off and retries
    (tmp_path / "local").mkdir()
    local = LocalRegistryClient(DeskAccess(make_registry(pki, tmp_path / "local")), DESK_ID, lambda: STALE)
    with pytest.raises(RegistryUnavailable):  # the embedded registry's refusal is transient too
        local.upload(original.application_id, packet)


def test_a_registry_with_a_stale_crl_answers_so_that_the_desk_keeps_its_packet(pki: Pki, tmp_path: Path) -> None:
    original = contents(42)
    packet = sealed(pki, original)
    for name in ("stale", "renewed"):
        (tmp_path / name).mkdir()
    with TestClient(create_registry_app(make_registry(pki, tmp_path / "stale"), clock=lambda: STALE)) as client:
        desk = HttpRegistryClient(None, pki.desk, client=client, clock=lambda: STALE)
        with pytest.raises(RegistryUnavailable):  # 401 on the desk's signed request: backs off and retries
            desk.upload(original.application_id, packet)
    renewed = replace(pki, trust=EnrolmentTrust(pki.trust.cas, (_crl(pki, STALE - timedelta(days=1)),)))
    with TestClient(create_registry_app(make_registry(renewed, tmp_path / "renewed"), clock=lambda: STALE)) as client:
        desk = HttpRegistryClient(None, pki.desk, client=client, clock=lambda: STALE)
        assert desk.upload(original.application_id, packet).application_id == original.application_id


def test_the_crl_file_is_read_again_when_republished(tmp_path: Path) -> None:
    issued = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", issued)
    key = layout.ca_key.read_bytes()
    layout.ca_key.unlink()  # the CA key kept apart: no renewal here
    trust = load_trust(layout)
    desk = x509.load_pem_x509_certificate(layout.desk_cert("desk-hanoi-1").read_bytes())
    later = issued + timedelta(days=enrolment_pki.CRL_DAYS + 1)
    assert _problem(desk, trust, issued) is None
    assert _problem(desk, trust, later) is Problem.REVOCATION_UNKNOWN
    layout.ca_key.write_bytes(key)  # the operator publishes where the CA key is and copies the file in
    publish_crl(layout, later - timedelta(days=1))
    layout.ca_key.unlink()
    assert _problem(desk, trust, later) is None  # the same trust, no restart
    layout.ca_key.write_bytes(key)
    publish_crl(layout, later, ("desk-hanoi-1",))
    layout.ca_key.unlink()
    assert _problem(desk, trust, later) is Problem.REVOKED
    revoking = layout.crl.read_bytes()
    other = init_enrolment_pki(tmp_path / "other", "desk-x", issued)
    botched = [b"not a CRL",  # unreadable
               other.crl.read_bytes(),  # another CA's
               x509.load_pem_x509_crl(revoking).public_bytes(serialization.Encoding.DER)]  # not PEM
    for data in botched:
        layout.crl.write_bytes(data)
        assert _problem(desk, trust, later) is Problem.REVOKED  # the last good CRL stays in force
    layout.crl.unlink()  # removed (an operator's rm before cp): still in force, not switched off
    assert _problem(desk, trust, later) is Problem.REVOKED
    layout.ca_key.write_bytes(key)
    older = enrolment_pki.reissue_enrolment_crl(
        x509.load_pem_x509_certificate(layout.ca_cert.read_bytes()), load_private_pem(key),
        later - timedelta(days=2), None)  # this CA's, but issued before the one in force: a stale copy
    layout.ca_key.unlink()
    layout.crl.write_bytes(older.public_bytes(serialization.Encoding.PEM))
    assert _problem(desk, trust, later) is Problem.REVOKED
    layout.crl.write_bytes(revoking)
    with pytest.raises(ValueError, match="time zone"):
        check_certificate(desk, trust, "signature", [later.replace(tzinfo=None)])


def test_where_the_ca_key_is_the_crl_renews_itself_before_it_is_due(tmp_path: Path) -> None:
    issued = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", issued)
    trust = load_trust(layout)
    desk = x509.load_pem_x509_certificate(layout.desk_cert("desk-hanoi-1").read_bytes())
    first = layout.crl.read_bytes()
    assert _problem(desk, trust, issued + timedelta(days=10)) is None and layout.crl.read_bytes() == first
    due = issued + timedelta(days=enrolment_pki.CRL_DAYS - 20)  # within the 30-day margin
    assert _problem(desk, trust, due) is None
    renewed = x509.load_pem_x509_crl(layout.crl.read_bytes())
    assert renewed.next_update_utc is not None and renewed.next_update_utc > due + timedelta(days=80)
    assert _problem(desk, trust, issued + timedelta(days=150)) is None  # long after the first CRL's end
    ahead = x509.load_pem_x509_crl(layout.crl.read_bytes())  # renewed at day 150, a clock run ahead...
    back = issued + timedelta(days=100)  # ...and set right again: no CRL is current, so one is due now
    assert ahead.last_update_utc > back
    assert _problem(desk, trust, back) is None
    assert x509.load_pem_x509_crl(layout.crl.read_bytes()).last_update_utc <= back
    assert not [p for p in os.listdir(layout.crl.parent) if p.endswith(".new")]


def test_a_renewal_that_fails_keeps_the_old_crl_which_then_fails_secure(tmp_path: Path) -> None:
    issued = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", issued)
    attempts: list[datetime] = []

    def broken(at: datetime) -> None:
        attempts.append(at)
        raise OSError("read-only file system")

    cas = load_trust(layout).cas
    trust = EnrolmentTrust(cas, source=CrlFile(layout.crl, cas[0], broken))
    desk = x509.load_pem_x509_certificate(layout.desk_cert("desk-hanoi-1").read_bytes())
    day70 = issued + timedelta(days=70)
    assert _problem(desk, trust, day70) is None and len(attempts) == 1
    assert _problem(desk, trust, day70 + timedelta(minutes=5)) is None and len(attempts) == 1  # not every check
    assert _problem(desk, trust, day70 + timedelta(minutes=11)) is None and len(attempts) == 2
    assert _problem(desk, trust, issued + timedelta(days=91)) is Problem.REVOCATION_UNKNOWN


def test_a_request_nobody_signed_never_reaches_the_crl(pki: Pki) -> None:
    consulted: list[datetime] = []

    class CountingSource:
        def crls(self, at: datetime) -> tuple[x509.CertificateRevocationList, ...]:
            consulted.append(at)
            return pki.trust.crls

    auth = DeskAuthenticator(EnrolmentTrust(pki.trust.cas, source=CountingSource()))
    headers = sign_request(pki.desk, "POST", "/v1/applications/a/packet", b"body", NOW)
    with pytest.raises(DeskAuthError, match="signature"):
        auth.verify("POST", "/v1/applications/a/packet", headers, b"another body", NOW)
    assert consulted == []  # refused on the signature alone: no CRL read, no renewal attempted
    assert auth.verify("POST", "/v1/applications/a/packet", headers, b"body", NOW) == DESK_ID
    assert consulted == [NOW]


def test_a_process_does_not_start_on_a_crl_that_is_not_its_cas(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", now)
    other = init_enrolment_pki(tmp_path / "other", "desk-x", now)
    for wrong in (other.crl.read_bytes(), b"not a CRL"):  # it would start with revocation switched off
        layout.crl.write_bytes(wrong)
        with pytest.raises(PkiError, match="not a readable CRL of the enrolment CA"):
            load_trust(layout)
