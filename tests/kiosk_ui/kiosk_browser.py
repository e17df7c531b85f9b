"""Chromium with a fake camera playing a y4m file, and the kiosk provisioned as gate-a's device."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from enrollment.icao.card_file import dumps
from tests.gate.api.conftest import PASSWORD, Card
from tests.kiosk_ui.conftest import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream"]


@contextmanager
def chromium_with_camera(video: Path) -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.skip("needs Debian chromium at /usr/bin/chromium (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                             args=[*ARGS, f"--use-file-for-fake-video-capture={video}"])
        try:
            yield browser
        finally:
            browser.close()


def provisioned_page(server: LiveServer, browser: Any, width: int = 1080, height: int = 1920) -> Any:
    """A kiosk page holding gate-a's device cookie (the provisioning link opened once)."""
    link = httpx.post(f"{server.url}/kiosk/device-link", headers={"X-Gate-Key": server.gate_key}, timeout=30)
    link.raise_for_status()
    context = browser.new_context(viewport={"width": width, "height": height}, permissions=["camera"])
    page = context.new_page()
    page.goto(server.url + link.json()["path"])
    page.wait_for_selector("#attract:not(.hidden)")
    page.wait_for_function("Object.keys(I18N.catalogues).length === 2")
    return page


def place_card(server: LiveServer, card: Card, gate: str = "gate-a") -> None:
    """The operator lays the card on the gate's simulated reader (PUT /admin/gates/{gate}/reader)."""
    with httpx.Client(base_url=server.url, timeout=30) as client:
        token = client.post("/auth/token", data={"username": "admin", "password": PASSWORD}).json()["access_token"]
        body = {"document_number": card.key.document_number, "birth_date": card.key.birth_date,
                "expiry_date": card.key.expiry_date, "card": base64.b64encode(dumps(card.image)).decode()}
        placed = client.put(f"/admin/gates/{gate}/reader", json=body, headers={"Authorization": f"Bearer {token}"})
        assert placed.status_code == 204, placed.text
