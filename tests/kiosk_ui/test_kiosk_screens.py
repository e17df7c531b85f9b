"""Every kiosk screen — attract, reading the card, capture, retry, deciding, each result, an error — in both
layouts (portrait 1080×1920, landscape 1366×768) and both languages: it fits the screen without scrolling, the
touch target is at least 48 px, its texts come from the catalogue, and axe-core (npm, injected from disk)
finds no serious or critical violation. The page runs in Chromium with the fake camera, in front of a scripted
gate (scripted_gate.py) so that each screen is reached on purpose and held still. Screenshots go to
$EGATE_KIOSK_SCREENSHOTS when set (docs/kiosk/ in the repository), else to tmp_path."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import kiosk_ui
from tests.gate.api.small_face import far_away
from tests.kiosk_ui.fake_camera import write_y4m
from tests.kiosk_ui.kiosk_browser import chromium_with_camera
from tests.kiosk_ui.scripted_gate import ScriptedGate, decided, frame_decided, problem, stage
from tests.kiosk_ui.test_kiosk_axe import AXE, serious_violations

CATALOGUES = Path(kiosk_ui.__file__).parent / "static" / "i18n"
LAYOUTS = {"portrait": (1080, 1920), "landscape": (1366, 768)}
Visit = Callable[[str, str], None]


def catalogue(lang: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8"))
    return loaded


def _visitor(page: Any, out: Path, layout: str, problems: list[str]) -> Visit:
    def visit(name: str, expected: str) -> None:
        for lang in ("vi", "en"):
            if page.evaluate("I18N.lang") != lang:
                page.click("#lang")
                page.wait_for_function(f"document.documentElement.lang === {lang!r}")
            assert catalogue(lang)[expected] in page.inner_text("main"), f"{name}/{lang}: {expected}"
            fits = page.evaluate("document.documentElement.scrollWidth <= innerWidth"
                                 " && document.documentElement.scrollHeight <= innerHeight")
            assert fits, f"{layout} {name}/{lang}: the screen scrolls"
            box = page.locator("#lang").bounding_box()
            assert box["width"] >= 48 and box["height"] >= 48
            problems.extend(f"{layout} {name}/{lang} {v}" for v in serious_violations(page))
            page.screenshot(path=str(out / f"{layout}-{name}-{lang}.png"))
    return visit


def _held_result(page: Any, selector: str) -> None:
    page.wait_for_selector(f"{selector}:not(.hidden)", timeout=30_000)
    page.evaluate("clearTimeout(state.timer)")  # held still: the screen would reset by itself


def _walk(gate: ScriptedGate, page: Any, visit: Visit) -> None:
    code = "document.getElementById('guidance').dataset.code === {!r}".format
    visit("1-attract", "attract.place_card")
    gate.answer_polls(page, stage("reading"))
    page.wait_for_selector("#reading:not(.hidden)")
    visit("2-reading", "reading")
    gate.answer_polls(page, stage("capture"))
    page.wait_for_function(code("guidance.FACE_TOO_SMALL"), timeout=30_000)
    visit("3-capture", "guidance.FACE_TOO_SMALL")
    gate.answer_frames(problem(422, "INVALID_UPLOAD"))  # frames refused from now on: skipped by the page
    page.evaluate("state.deadline = 0")  # the first budget ran out
    page.wait_for_function(code("capture.retry"), timeout=30_000)
    visit("4-retry", "capture.retry")
    gate.answer_frames(None)  # the next frame is held: the gate is deciding
    page.wait_for_selector("#deciding:not(.hidden)", timeout=30_000)
    visit("5-deciding", "deciding")
    gate.answer_frames(frame_decided("OPEN"))
    _held_result(page, "#result")
    visit("6-result-open", "result.OPEN.text")
    for name, verdict in (("7-result-refer", "REFER"), ("8-result-reject", "REJECT")):
        page.evaluate("reset()")
        gate.answer_polls(page, decided(verdict))
        _held_result(page, "#result")
        visit(name, f"result.{verdict}.text")
    page.evaluate("reset()")
    gate.answer_polls(page, problem(409, "LANE_CLOSED"))
    _held_result(page, "#failure")
    visit("9-error", "error.LANE_CLOSED")


def test_every_screen_in_both_languages_and_layouts(face_samples: Path, tmp_path: Path) -> None:
    if not AXE.is_file():
        pytest.skip("needs axe-core: run `npm ci` at the repository root")
    out = Path(os.environ.get("EGATE_KIOSK_SCREENSHOTS", tmp_path))
    out.mkdir(parents=True, exist_ok=True)
    photo = (face_samples / "obama-480p.jpg").read_bytes()
    video = write_y4m(tmp_path / "far.y4m", [(far_away(photo, 0.3), 20)])
    problems: list[str] = []
    with chromium_with_camera(video) as browser:
        for layout, (width, height) in LAYOUTS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, permissions=["camera"])
            gate = ScriptedGate(context)
            page = gate.open(context)
            _walk(gate, page, _visitor(page, out, layout, problems))
            context.close()
    assert problems == []
    assert len(list(out.glob("*.png"))) >= 36
