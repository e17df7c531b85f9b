"""The traveller's kiosk in real Chromium with a fake camera: the card is laid on the simulated reader, the
page guides the traveller in Vietnamese and captures by itself; the result resets and leaves nothing."""

from __future__ import annotations

from pathlib import Path

from tests.gate.api.conftest import Cards
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.fake_camera import approaching
from tests.kiosk_ui.kiosk_browser import chromium_with_camera, place_card, provisioned_page

MOVE_CLOSER_VI = "Vui lòng tiến lại gần camera hơn."


def test_holder_is_guided_closer_and_let_through_without_pressing_anything(
        live_server: LiveServer, cards: Cards, world: World, tmp_path: Path) -> None:
    video = approaching(world.photo("obama-480p.jpg"), tmp_path / "holder.y4m")
    with chromium_with_camera(video) as browser:
        page = provisioned_page(live_server, browser)
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert "đặt thẻ" in page.inner_text("#attract")
        place_card(live_server, cards.holder)
        page.wait_for_selector("#capture:not(.hidden)", timeout=30_000)
        page.wait_for_function(f"document.getElementById('guidance').textContent === {MOVE_CLOSER_VI!r}",
                               timeout=30_000)
        page.wait_for_selector("#result:not(.hidden)", timeout=60_000)
        assert page.get_attribute("#result-icon", "class") == "result-icon OPEN"
        assert page.inner_text("#result-title") == "Xin cảm ơn Quý khách"
        assert "Xin cảm ơn" in page.inner_text("#announce")  # the live region tells a screen reader
        tid = page.evaluate("state.tid")
        assert tid
        page.wait_for_selector("#attract:not(.hidden)", timeout=30_000)  # reset by itself
        html = page.content()
        assert tid not in html and "Xin cảm ơn" not in html
        assert page.inner_text("#result-title") == "" and page.inner_text("#announce") == ""
        assert page.evaluate("state.tid === null && state.decision === null && state.stream === null")
        assert page.evaluate("document.getElementById('video').srcObject === null")
