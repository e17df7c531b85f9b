"""In real Chromium: once the registry's certificate cannot be verified (here revoked by the enrolment CA's
CRL), a clerk starting a new application is told so in Vietnamese and in English, and nothing is opened;
axe-core finds no serious violation on that screen at the kiosk-portrait and the laptop size. With
DESK_SCREENSHOTS set to a folder, the screen is photographed in both languages and both sizes."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from enrollment.icao.pki.keys import load_private_pem
from enrollment.registry import enrolment_pki
from enrollment.registry.pki_files import EnrolmentPkiLayout
from tests.gate.api.conftest import PASSWORD
from tests.kiosk_ui.desk_flow import ScreenCheck
from tests.kiosk_ui.desk_server import DeskServer, desk_server, sign_in  # noqa: F401
from tests.kiosk_ui.officer_browser import chromium  # noqa: F401

CATALOGUES = Path(__file__).resolve().parents[2] / "kiosk_ui" / "static" / "i18n"
SIZES = {"portrait": (1080, 1920), "laptop": (1366, 768)}


def _message(lang: str) -> str:
    return str(json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8"))[
        "desk.code.DESK_REGISTRY_UNTRUSTED"])


def _open_case(server: DeskServer) -> int:
    """A clerk opens a case through the API; the status code (201, or 409 when refused)."""
    with httpx.Client(base_url=server.url, timeout=60) as client:
        token = client.post("/auth/token", data={"username": "clerk-lan", "password": PASSWORD}).json()
        opened = client.post("/desk/cases", json={"consent": True},
                             headers={"Authorization": f"Bearer {token['access_token']}"})
        return opened.status_code


def _revoke_the_registry(server: DeskServer) -> None:
    """The enrolment CA revokes the registry's certificate; the running desk reads the new CRL itself."""
    settings = server.runtime.settings
    layout = EnrolmentPkiLayout(settings.desk.enrolment_pki or settings.home / "enrolment-pki")
    ca = x509.load_pem_x509_certificate(layout.ca_cert.read_bytes())
    registry = x509.load_pem_x509_certificate(layout.registry_cert.read_bytes())
    previous = x509.load_pem_x509_crl(layout.crl.read_bytes())
    crl = enrolment_pki.reissue_enrolment_crl(ca, load_private_pem(layout.ca_key.read_bytes()), datetime.now(UTC),
                                              previous, (registry.serial_number,))
    layout.crl.write_bytes(crl.public_bytes(serialization.Encoding.PEM))


def test_a_clerk_is_told_the_registry_cannot_be_verified(desk_server: DeskServer,  # noqa: F811
                                                          chromium: Any) -> None:  # noqa: F811
    assert _open_case(desk_server) == 201  # the desk's registry link, and with it the enrolment PKI, now exist
    _revoke_the_registry(desk_server)
    assert _open_case(desk_server) == 409
    check = ScreenCheck()
    for size, (width, height) in SIZES.items():
        context = chromium.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
        page = context.new_page()
        page.goto(f"{desk_server.url}/ui/desk.html")
        page.wait_for_selector("body[data-ready='true']")
        sign_in(page, "clerk-lan")
        page.click("#new-case")
        page.check("#consent-given")
        page.click("#consent-next")
        page.wait_for_selector("#error:not(.hidden)")
        assert page.get_attribute("#error", "data-codes") == "DESK_REGISTRY_UNTRUSTED"
        assert page.inner_text("#error") == _message("vi")
        check(page, f"registry-untrusted-{size}")  # both languages, axe, screenshots
        page.click("#lang")
        assert page.inner_text("#error") == _message("en")
        context.close()
    assert check.problems == []
