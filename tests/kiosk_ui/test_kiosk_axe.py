"""axe-core (npm, installed by `npm ci` at the repository root, injected from disk: nothing fetched). Every kiosk
screen is checked with it in test_kiosk_screens.py (both layouts, both languages); here: axe does look, and
the kiosk without its device credential (the real gate's 401) is worded calmly and has no violation either."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.gate.api.small_face import blank
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.fake_camera import write_y4m
from tests.kiosk_ui.kiosk_browser import chromium_with_camera

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


def serious_violations(page: Any) -> list[str]:
    if not AXE.is_file():
        pytest.skip("needs axe-core: run `npm ci` at the repository root")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async () => {
        const result = await axe.run(document, { resultTypes: ["violations"] });
        return result.violations.filter((v) => ["serious", "critical"].includes(v.impact))
            .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    }""")
    return list(found)


def test_the_unprovisioned_kiosk_screen_and_that_axe_looks(live_server: LiveServer, tmp_path: Path) -> None:
    video = write_y4m(tmp_path / "idle.y4m", [(blank(), 3)])
    with chromium_with_camera(video) as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(f"{live_server.url}/ui/kiosk.html")
        page.wait_for_selector("#failure:not(.hidden)", timeout=30_000)
        problems = [f"vi {v}" for v in serious_violations(page)]
        page.click("#lang")
        page.wait_for_function("document.documentElement.lang === 'en'")
        problems += [f"en {v}" for v in serious_violations(page)]
        assert problems == []
        page.evaluate("document.body.appendChild(document.createElement('button'))")
        assert any(v.startswith("button-name") for v in serious_violations(page))  # axe does look
