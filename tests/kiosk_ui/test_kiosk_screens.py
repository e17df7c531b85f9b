"""Every kiosk screen in both languages and both layouts (portrait 1080×1920, landscape 1366×768): it fits
the screen without scrolling, the touch target is at least 48 px, and the texts come from the catalogue.
Screenshots go to $EGATE_KIOSK_SCREENSHOTS when set (docs/kiosk/ in the repository), else to tmp_path."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import kiosk_ui
from tests.gate.api.conftest import Card, Cards
from tests.gate.api.small_face import far_away
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.fake_camera import write_y4m
from tests.kiosk_ui.kiosk_browser import chromium_with_camera, place_card, provisioned_page

CATALOGUES = Path(kiosk_ui.__file__).parent / "static" / "i18n"
LAYOUTS = {"portrait": (1080, 1920), "landscape": (1366, 768)}


def catalogue(lang: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8"))
    return loaded


def test_the_catalogues_hold_the_same_keys_and_every_guidance_code() -> None:
    from gate.service.frame_coach import ORDER

    vi, en = catalogue("vi"), catalogue("en")
    assert vi.keys() == en.keys()
    assert all(f"guidance.{code}" in vi for code in ORDER)
    assert all(value.strip() for value in (*vi.values(), *en.values()))
    assert "Quý khách" in vi["attract.welcome"] and vi["result.OPEN.text"].startswith("Mời Quý khách")


def _check_and_shoot(page: Any, out: Path, name: str) -> None:
    fits = page.evaluate("document.documentElement.scrollWidth <= innerWidth"
                         " && document.documentElement.scrollHeight <= innerHeight")
    assert fits, f"{name}: the screen scrolls"
    box = page.locator("#lang").bounding_box()
    assert box["width"] >= 48 and box["height"] >= 48
    page.screenshot(path=str(out / f"{name}.png"))


def _both_languages(page: Any, out: Path, name: str, expected: str) -> None:
    vi, en = catalogue("vi"), catalogue("en")
    assert vi[expected] in page.inner_text("body")
    _check_and_shoot(page, out, f"{name}-vi")
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert en[expected] in page.inner_text("body")
    _check_and_shoot(page, out, f"{name}-en")
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang === 'vi'")


def _screens(server: LiveServer, browser: Any, card: Card, layout: str, out: Path) -> None:
    page = provisioned_page(server, browser, *LAYOUTS[layout])
    _both_languages(page, out, f"{layout}-1-attract", "attract.place_card")
    place_card(server, card)
    page.wait_for_function("document.getElementById('guidance').dataset.code === 'guidance.EYE_DISTANCE_LOW'",
                           timeout=30_000)
    _both_languages(page, out, f"{layout}-2-capture", "guidance.EYE_DISTANCE_LOW")
    page.wait_for_selector("#result:not(.hidden)", timeout=60_000)  # the budget runs out: a calm referral
    _both_languages(page, out, f"{layout}-3-result-refer", "result.REFER.text")


def test_every_screen_in_both_languages_and_layouts(live_server: LiveServer, cards: Cards, world: World,
                                                     tmp_path: Path) -> None:
    out = Path(os.environ.get("EGATE_KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    video = write_y4m(tmp_path / "far.y4m", [(far_away(world.photo("obama-480p.jpg"), 0.3), 20)])
    with chromium_with_camera(video) as browser:
        _screens(live_server, browser, cards.holder, "portrait", out)
        _screens(live_server, browser, cards.other, "landscape", out)
    assert len(list(out.glob("*.png"))) == 12
