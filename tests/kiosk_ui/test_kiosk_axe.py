"""axe-core (npm, installed by `npm ci` at the repository root, injected from disk: nothing fetched) finds no
serious or critical accessibility violation on any kiosk screen, in Vietnamese and in English."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gate.api.conftest import Cards
from tests.gate.api.small_face import far_away
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.fake_camera import write_y4m
from tests.kiosk_ui.kiosk_browser import chromium_with_camera, place_card, provisioned_page

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page: Any) -> list[str]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, { resultTypes: ["violations"] });
        return result.violations.filter((v) => ["serious", "critical"].includes(v.impact))
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }""")
    return list(found)


def _both_languages(page: Any, screen: str) -> list[str]:
    problems = [f"{screen}/vi {v}" for v in serious_violations(page)]
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang === 'en'")
    problems += [f"{screen}/en {v}" for v in serious_violations(page)]
    page.click("#lang")
    return problems


def test_no_serious_violation_on_any_kiosk_screen(live_server: LiveServer, cards: Cards, world: World,
                                                  tmp_path: Path) -> None:
    if not AXE.is_file():
        pytest.skip("needs axe-core: run `npm ci` at the repository root")
    video = write_y4m(tmp_path / "far.y4m", [(far_away(world.photo("obama-480p.jpg"), 0.3), 20)])
    with chromium_with_camera(video) as browser:
        page = provisioned_page(live_server, browser)
        problems = _both_languages(page, "attract")
        place_card(live_server, cards.holder)
        page.wait_for_function("document.getElementById('guidance').dataset.code === 'guidance.EYE_DISTANCE_LOW'",
                               timeout=30_000)
        problems += _both_languages(page, "capture")
        page.wait_for_selector("#result:not(.hidden)", timeout=60_000)
        problems += _both_languages(page, "result")
        unprovisioned = browser.new_page()
        unprovisioned.goto(f"{live_server.url}/ui/kiosk.html")
        unprovisioned.wait_for_selector("#failure:not(.hidden)", timeout=30_000)
        problems += _both_languages(unprovisioned, "failure")
        unprovisioned.evaluate("document.body.appendChild(document.createElement('button'))")
        assert any(v.startswith("button-name") for v in serious_violations(unprovisioned))  # axe does look
    assert problems == []
