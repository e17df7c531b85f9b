"""More of the kiosk in Chromium: an impostor gets the neutral referral, a reload mid-transaction resumes it
(one retry when the budget runs out, then a calm referral), and a kiosk without its device credential says so
in words a traveller understands, never a raw error."""

from __future__ import annotations

import json
from pathlib import Path

import kiosk_ui
from tests.gate.api.conftest import Cards
from tests.gate.api.small_face import far_away
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.fake_camera import write_y4m
from tests.kiosk_ui.kiosk_browser import chromium_with_camera, place_card, provisioned_page

VI = json.loads((Path(kiosk_ui.__file__).parent / "static" / "i18n" / "vi.json").read_text(encoding="utf-8"))


def test_an_impostor_is_referred_with_the_neutral_message(live_server: LiveServer, cards: Cards, world: World,
                                                         tmp_path: Path) -> None:
    video = write_y4m(tmp_path / "impostor.y4m", [(world.photo("biden.jpg"), 50)])
    with chromium_with_camera(video) as browser:
        page = provisioned_page(live_server, browser)
        place_card(live_server, cards.holder)
        page.wait_for_selector("#result:not(.hidden)", timeout=60_000)
        assert page.get_attribute("#result-icon", "class") == "result-icon REFER"
        assert page.inner_text("#result-title") == VI["result.REFER.title"]
        body = page.inner_text("body")
        assert "MISMATCH" not in body and "FACE" not in body  # the reason is for the officer only


def test_a_reload_mid_transaction_resumes_it(live_server: LiveServer, cards: Cards, world: World,
                                             tmp_path: Path) -> None:
    video = write_y4m(tmp_path / "far.y4m", [(far_away(world.photo("obama-480p.jpg"), 0.3), 20)])
    with chromium_with_camera(video) as browser:
        page = provisioned_page(live_server, browser)
        place_card(live_server, cards.holder)
        page.wait_for_selector("#capture:not(.hidden)", timeout=30_000)
        tid = page.evaluate("state.tid")
        page.reload()
        page.wait_for_selector("#capture:not(.hidden)", timeout=30_000)
        assert page.evaluate("state.tid") == tid  # the same transaction, not a DOCUMENT_IN_USE referral
        page.wait_for_function("document.getElementById('guidance').dataset.code === 'capture.retry'",
                               timeout=30_000)  # the first budget ran out: one more try, said so
        assert page.inner_text("#guidance") == VI["capture.retry"]
        page.wait_for_selector("#result:not(.hidden)", timeout=60_000)
        assert page.get_attribute("#result-icon", "class") == "result-icon REFER"  # never came closer


def test_a_kiosk_without_its_credential_says_so_calmly(live_server: LiveServer, world: World,
                                                       tmp_path: Path) -> None:
    video = write_y4m(tmp_path / "idle.y4m", [(world.photo("obama-480p.jpg"), 5)])
    with chromium_with_camera(video) as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{live_server.url}/ui/kiosk.html")
        page.wait_for_selector("#failure:not(.hidden)", timeout=30_000)
        assert page.inner_text("#failure-text") == VI["error.NOT_PROVISIONED"]
        assert "401" not in page.inner_text("body") and page.inner_text("#announce") == VI["error.NOT_PROVISIONED"]
