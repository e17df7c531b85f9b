"""The traveller's kiosk in real Chromium with a fake camera, against the real gate: the card is laid on the
simulated reader, the page says it reads the card, guides the traveller in Vietnamese and captures by itself;
the result resets and leaves nothing of the traveller in the DOM or in the page's memory (a heap snapshot)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import kiosk_ui
from tests.gate.api.conftest import Cards
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.fake_camera import approaching
from tests.kiosk_ui.kiosk_browser import chromium_with_camera, place_card, provisioned_page

VI = json.loads((Path(kiosk_ui.__file__).parent / "static" / "i18n" / "vi.json").read_text(encoding="utf-8"))
WATCH_SCREENS = """() => { window.shown = [];
  new MutationObserver(() => { const now = [...document.querySelectorAll('main > section:not(.hidden)')]
      .map((s) => s.id).join(); if (now && window.shown.at(-1) !== now) window.shown.push(now); })
    .observe(document.getElementById('screens'), { subtree: true, attributes: true, attributeFilter: ['class'] });
}"""


def heap_snapshot(page: Any) -> str:
    """The page's JavaScript heap after a full garbage collection (Chrome DevTools Protocol)."""
    cdp = page.context.new_cdp_session(page)
    chunks: list[str] = []
    cdp.on("HeapProfiler.addHeapSnapshotChunk", lambda event: chunks.append(event["chunk"]))
    cdp.send("HeapProfiler.enable")
    cdp.send("HeapProfiler.collectGarbage")
    cdp.send("HeapProfiler.takeHeapSnapshot", {"reportProgress": False})
    cdp.detach()
    return "".join(chunks)


def test_holder_is_guided_closer_and_let_through_without_pressing_anything(
        live_server: LiveServer, cards: Cards, world: World, tmp_path: Path) -> None:
    video = approaching(world.photo("obama-480p.jpg"), tmp_path / "holder.y4m")
    with chromium_with_camera(video) as browser:
        page = provisioned_page(live_server, browser)
        assert page.evaluate("document.documentElement.lang") == "vi"
        assert VI["attract.place_card"] in page.inner_text("#attract")
        page.evaluate(WATCH_SCREENS)
        place_card(live_server, cards.holder)
        page.wait_for_selector("#capture:not(.hidden)", timeout=30_000)
        move_closer = VI["guidance.EYE_DISTANCE_LOW"]
        assert move_closer == VI["guidance.FACE_TOO_SMALL"] == "Quý khách vui lòng tiến lại gần camera hơn."
        page.wait_for_function(f"document.getElementById('guidance').textContent === {move_closer!r}",
                               timeout=30_000)
        page.wait_for_selector("#result:not(.hidden)", timeout=60_000)
        assert page.get_attribute("#result-icon", "class") == "result-icon OPEN"
        assert page.inner_text("#result-title") == "Xin cảm ơn Quý khách"
        assert "Xin cảm ơn" in page.inner_text("#announce")  # the live region tells a screen reader
        tid = page.evaluate("state.tid")
        assert tid and tid in heap_snapshot(page)  # the snapshot does show what the page holds
        page.wait_for_selector("#attract:not(.hidden)", timeout=30_000)  # reset by itself
        shown = page.evaluate("window.shown")
        assert shown[:2] == ["reading", "capture"] and shown[-2:] == ["result", "attract"], shown
        html = page.content()
        assert tid not in html and "Xin cảm ơn" not in html
        assert page.inner_text("#result-title") == "" and page.inner_text("#announce") == ""
        assert page.evaluate("state.tid === null && state.decision === null && state.stream === null")
        assert page.evaluate("document.getElementById('video').srcObject === null")
        assert page.evaluate("performance.getEntriesByType('resource').length") == 0
        page.evaluate("delete window.shown")
        heap = heap_snapshot(page)
        assert tid not in heap and cards.holder.key.document_number not in heap
