"""/docs (Swagger UI) and /redoc render with every non-loopback request refused: their assets are local."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.officer_browser import chromium  # noqa: F401


def offline_page(browser: Any) -> tuple[Any, list[str]]:
    blocked: list[str] = []
    page = browser.new_page()

    def route(r: Any) -> None:
        if urlparse(r.request.url).hostname in ("127.0.0.1", "localhost"):
            r.continue_()
        else:
            blocked.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    return page, blocked


def test_swagger_ui_renders_offline(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    page, blocked = offline_page(chromium)
    page.goto(f"{live_server.url}/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30_000)
    assert "eGate service" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector("#operations-officer-events_officer_events_get, .opblock-tag-section", timeout=30_000)
    assert "/officer/events" in page.inner_text(".swagger-ui")
    assert blocked == []


def test_redoc_renders_offline(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    page, blocked = offline_page(chromium)
    page.goto(f"{live_server.url}/redoc")
    page.wait_for_selector("h1:has-text('eGate service')", timeout=30_000)
    page.wait_for_function("document.body.innerText.includes('Referral queue, case view')", timeout=30_000)
    assert page.locator("[data-section-id^='tag/officer']").count() >= 1
    assert blocked == []
