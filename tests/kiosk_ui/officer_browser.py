"""The officer console in headless Chromium: a browser fixture and a signed-in page for a role."""

from __future__ import annotations

import base64
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from enrollment.icao.card_file import dumps
from tests.gate.api.conftest import PASSWORD, Card
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--autoplay-policy=no-user-gesture-required"]

DOCS = Path(__file__).resolve().parents[2] / "docs" / "officer"


def save_doc_screenshot(page: Any, name: str) -> None:
    """A full-page screenshot into docs/officer/ when ``EGATE_SCREENSHOTS=1``; a plain test run leaves the
    repository's files alone."""
    if os.environ.get("EGATE_SCREENSHOTS") == "1":
        DOCS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(DOCS / f"{name}.png"), full_page=True)


@pytest.fixture
def chromium() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip("needs Debian chromium at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def console_page(server: LiveServer, browser: Any, role: str | None = "officer", lang: str = "vi") -> Any:
    """The console in a fresh context, signed in as ``role`` (None: left at the sign-in form), in ``lang``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{server.url}/ui/officer.html")
    page.wait_for_function("document.title !== '' && document.getElementById('login-form') !== null")
    if lang == "en":
        page.click("#lang")
        page.wait_for_function("document.documentElement.lang === 'en'")
    if role is not None:
        page.fill("#username", role)
        page.fill("#password", PASSWORD)
        page.click("#login-form button[type=submit]")
        page.wait_for_selector("#console:not([hidden])")
    return page


def run_transaction(server: LiveServer, gate_key: str, card: Card, photo: bytes) -> dict[str, Any]:
    """One kiosk transaction over HTTP (card, then one frame); the decided status."""
    body = {"document_number": card.key.document_number, "birth_date": card.key.birth_date,
            "expiry_date": card.key.expiry_date, "card": base64.b64encode(dumps(card.image)).decode()}
    with httpx.Client(base_url=server.url, headers={"X-Gate-Key": gate_key}, timeout=60) as client:
        started = client.post("/kiosk/transactions", json=body)
        started.raise_for_status()
        tid = started.json()["transaction_id"]
        decided = client.post(f"/kiosk/transactions/{tid}/frames",
                              files=[("frames", ("f.jpg", photo, "image/jpeg"))])
        decided.raise_for_status()
        result: dict[str, Any] = decided.json()
        return result


def refer_an_impostor(server: LiveServer, card: Card, world: World, gate_key: str | None = None) -> str:
    decided = run_transaction(server, gate_key or server.gate_key, card, world.photo("biden.jpg"))
    assert decided["decision"] == "REFER"
    return str(decided["transaction_id"])
