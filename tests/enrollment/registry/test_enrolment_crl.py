"""Revoking enrolment certificates: the CA publishes its next CRL with every entry kept (``egate desk pki
crl``); the desk it names is refused; bad input leaves the published CRL as it was."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from typer.testing import CliRunner

from enrollment.icao.errors import PkiError
from enrollment.registry import enrolment_pki
from enrollment.registry.enrolment_trust import CertificateRefused, EnrolmentTrust, Problem, check_certificate
from enrollment.registry.pki_files import EnrolmentPkiLayout, init_enrolment_pki, load_trust, publish_crl
from gate.cli.main import app


def _problem(cert: x509.Certificate, trust: EnrolmentTrust, at: datetime) -> Problem | None:
    try:
        check_certificate(cert, trust, "signature", [at])
    except CertificateRefused as exc:
        return exc.problem
    return None


def _desk(layout: EnrolmentPkiLayout, desk_id: str = "desk-hanoi-1") -> x509.Certificate:
    return x509.load_pem_x509_certificate(layout.desk_cert(desk_id).read_bytes())


def test_publishing_keeps_every_entry_and_adds_the_revoked_desk(tmp_path: Path) -> None:
    issued = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", issued)
    desk = _desk(layout)
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
    assert second.last_update_utc <= later - enrolment_pki.CRL_BACKDATE + timedelta(seconds=1)
    assert not list(layout.crl.parent.glob("*.new"))


def test_publishing_refuses_bad_input_and_leaves_the_crl_alone(tmp_path: Path) -> None:
    now = datetime.now(UTC)
    layout = init_enrolment_pki(tmp_path / "pki", "desk-hanoi-1", now)
    other = init_enrolment_pki(tmp_path / "other", "desk-x", now)
    before = layout.crl.read_bytes()
    refusals: list[tuple[tuple[str, ...], int, str]] = [
        ((), 400, "366 days"),
        (("no-such-desk",), 90, "cannot read"),
        (("../../other/desks/desk-x",), 90, "not a desk id"),  # outside this PKI's folder
    ]
    for revoke, days, message in refusals:
        with pytest.raises(PkiError, match=message):
            publish_crl(layout, now, revoke, days)
        assert layout.crl.read_bytes() == before
    foreign = layout.desk_cert("desk-x")  # another CA's desk certificate placed in this PKI
    foreign.parent.mkdir(parents=True)
    foreign.write_bytes(other.desk_cert("desk-x").read_bytes())
    with pytest.raises(PkiError, match="not issued by this CA"):
        publish_crl(layout, now, ("desk-x",))
    assert layout.crl.read_bytes() == before
    with pytest.raises(PkiError, match="time zone"):
        publish_crl(layout, now.replace(tzinfo=None))
    layout.crl.write_bytes(other.crl.read_bytes())  # another CA's CRL in its place
    with pytest.raises(PkiError, match="not this CA's"):
        publish_crl(layout, now)
    layout.crl.unlink()  # a lost CRL would drop every earlier revocation
    with pytest.raises(PkiError, match="missing"):
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
    crl = x509.load_pem_x509_crl(layout.crl.read_bytes())
    assert crl.next_update_utc is not None and crl.next_update_utc - datetime.now(UTC) > timedelta(days=44)
    assert crl.get_revoked_certificate_by_serial_number(_desk(layout).serial_number) is not None
    bad = CliRunner().invoke(app, ["desk", "pki", "crl", str(root), "--days", "0"])
    assert bad.exit_code == 2 and "PkiError" in bad.output
    assert layout.crl.read_bytes() == crl.public_bytes(serialization.Encoding.PEM)
    default = CliRunner().invoke(app, ["desk", "pki", "crl", str(root)])
    assert default.exit_code == 0 and "1 revoked" in default.output
    renewed = x509.load_pem_x509_crl(layout.crl.read_bytes())
    assert renewed.next_update_utc is not None
    assert renewed.next_update_utc - datetime.now(UTC) > timedelta(days=enrolment_pki.CRL_DAYS - 1)
