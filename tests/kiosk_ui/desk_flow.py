"""What a clerk and a supervisor do on the desk's page, step by step, and the check every screen passes:
axe-core finds no serious or critical violation in Vietnamese and in English; with DESK_SCREENSHOTS set to a
folder (docs/desk/screens) each screen is photographed in both languages."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tests.kiosk_ui.test_kiosk_axe import serious_violations

SCAN_TIMEOUT_MS = 120_000


class ScreenCheck:
    def __init__(self) -> None:
        self.problems: list[str] = []
        folder = os.environ.get("DESK_SCREENSHOTS")
        self.folder = Path(folder) if folder else None

    def __call__(self, page: Any, name: str) -> None:
        """The page as it stands (Vietnamese), then in English, then back."""
        for lang in ("vi", "en"):
            page.wait_for_function(f"document.documentElement.lang === '{lang}'")
            self.problems += [f"{name}/{lang} {v}" for v in serious_violations(page)]
            if self.folder is not None:
                self.folder.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(self.folder / f"{name}-{lang}.png"), full_page=True)
            page.click("#lang")
        page.wait_for_function("document.documentElement.lang === 'vi'")


def start_application(page: Any) -> None:
    page.click("#new-case")
    page.wait_for_selector("#consent:not(.hidden)")
    page.check("#consent-given")
    page.click("#consent-next")
    page.wait_for_selector("#form:not(.hidden)")


def fill_demographics(page: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        selector = f"#f-{name}"
        if name in ("sex", "nationality"):
            page.select_option(selector, value)
        else:
            page.fill(selector, value)


def save_demographics(page: Any) -> None:
    page.click("#demographics button[type=submit]")


def wait_face_accepted(page: Any) -> None:
    page.wait_for_selector("#face:not(.hidden)")
    page.wait_for_function("!document.getElementById('face-next').disabled", timeout=SCAN_TIMEOUT_MS)


def scan_selected(page: Any) -> str:
    """Press "scan" for the selected finger or eye: "<slot> <accepted> <codes>" once the server answered."""
    before = page.evaluate("document.getElementById('slot-result').dataset.scans || '0'")
    page.click("#slot-scan")
    page.wait_for_function("([b]) => (document.getElementById('slot-result').dataset.scans || '0') !== b",
                           arg=[before], timeout=SCAN_TIMEOUT_MS)
    return str(page.evaluate("document.getElementById('slot-result').dataset.last"))


def select_slot(page: Any, slot: str) -> None:
    page.click(f"#slots button[data-slot='{slot}']")


def done_slots(page: Any) -> list[str]:
    return list(page.evaluate("[...document.querySelectorAll('#slots button.done')].map((b) => b.dataset.slot)"))


def submit(page: Any) -> str:
    page.wait_for_selector("#review:not(.hidden)")
    page.click("#review-submit")
    page.wait_for_function("['dedup_pending', 'adjudication'].includes("
                           "document.getElementById('review-outcome').dataset.state)", timeout=SCAN_TIMEOUT_MS)
    return str(page.evaluate("document.getElementById('review-outcome').dataset.state"))


def open_first_case(page: Any, state: str) -> None:
    page.click("#home-button")
    page.wait_for_selector("#home:not(.hidden)")
    page.select_option("#state-filter", state)
    page.wait_for_selector(f"#cases tr[data-state='{state}'] button")
    page.click(f"#cases tr[data-state='{state}'] button")
    page.wait_for_selector("#case:not(.hidden)")


def press(page: Any, key: str) -> None:
    page.click(f"#case-actions button[data-key='{key}']")
