"""Benchmark (not collected by the suite; run it by path):

    uv run pytest -q -s tests/kiosk_ui/bench_kiosk_timing.py

Place card → result on screen, with the real page in Chromium, the fake camera showing the holder and the
gate's automatic capture; N transactions one after another at one kiosk. Prints the medians, and the gate's
software time (the long poll that ran the document step, the decisive frame request) next to a reference
measured in the same run: an empty long poll round trip (``/kiosk/current?wait=0``)."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import httpx

from tests.gate.api.conftest import Cards
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.fake_camera import write_y4m
from tests.kiosk_ui.kiosk_browser import chromium_with_camera, place_card, provisioned_page

RUNS = 7


def test_place_card_to_result(live_server: LiveServer, cards: Cards, world: World, tmp_path: Path) -> None:
    video = write_y4m(tmp_path / "near.y4m", [(world.photo("obama-480p.jpg"), 50)])
    totals, decisive, sent = [], [], []
    with chromium_with_camera(video) as browser:
        page = provisioned_page(live_server, browser)
        for _ in range(RUNS):
            page.wait_for_selector("#attract:not(.hidden)", timeout=30_000)
            page.evaluate("performance.clearResourceTimings()")
            began = time.perf_counter()
            place_card(live_server, cards.holder)
            page.wait_for_selector("#result:not(.hidden)", timeout=60_000)
            totals.append(time.perf_counter() - began)
            assert page.get_attribute("#result-icon", "class") == "result-icon OPEN"
            frames = page.evaluate("performance.getEntriesByType('resource')"
                                   ".filter(e => e.name.endsWith('/frame')).map(e => e.duration)")
            decisive.append(frames[-1])
            sent.append(len(frames))
            page.wait_for_selector("#attract:not(.hidden)", timeout=30_000)
    with httpx.Client(base_url=live_server.url, headers={"X-Gate-Key": live_server.gate_key}) as client:
        empty = []
        for _ in range(20):
            began = time.perf_counter()
            client.get("/kiosk/current?wait=0").raise_for_status()
            empty.append((time.perf_counter() - began) * 1000)
    reference = statistics.median(empty)
    print(f"\nplace card → result shown (incl. an admin sign-in to place the card): median "
          f"{statistics.median(totals):.2f} s over {RUNS} ({', '.join(f'{t:.2f}' for t in totals)})")
    print(f"decisive frame request (capture, PAD, comparison, decision): median {statistics.median(decisive):.0f} ms"
          f" = {statistics.median(decisive) / reference:.1f}× an empty long poll ({reference:.1f} ms);"
          f" frames sent per transaction: {sent}")
