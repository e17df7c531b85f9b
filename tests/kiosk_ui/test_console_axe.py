"""axe-core finds no serious or critical violation on the console's screens (sign-in, lanes with an alarm
and the supervisor's command form, referrals with a case open), in Vietnamese and in English.
With EGATE_SCREENSHOTS=1 the screens are also saved to docs/officer/ (vi and en)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gate.api.conftest import Cards
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.officer_browser import (  # noqa: F401
    chromium,
    console_page,
    refer_an_impostor,
    run_transaction,
    save_doc_screenshot,
)
from tests.kiosk_ui.test_kiosk_axe import AXE, serious_violations


def _check(page: Any, screen: str, lang: str) -> list[str]:
    save_doc_screenshot(page, f"{screen}-{lang}")
    return [f"{screen}/{lang} {v}" for v in serious_violations(page)]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_serious_violation_on_the_console(live_server: LiveServer, cards: Cards, world: World,
                                             chromium: Any, lang: str) -> None:  # noqa: F811
    if not AXE.is_file():
        pytest.skip("needs axe-core: run `npm ci` at the repository root")
    run_transaction(live_server, live_server.gate_key, cards.holder, world.photo("obama-480p.jpg"))
    problems = _check(console_page(live_server, chromium, role=None, lang=lang), "sign-in", lang)
    page = console_page(live_server, chromium, "supervisor", lang=lang)
    page.wait_for_selector("#lanes [data-gate=gate-a]")
    refer_an_impostor(live_server, cards.other, world)
    page.wait_for_selector("#alarms li[data-kind=referral]")
    page.click("#lanes [data-gate=gate-a] [data-action=open_exit]")
    problems += _check(page, "lanes", lang)
    page.click("#lane-command-cancel")
    page.click("#tabbtn-referrals")
    page.click("#queue li")
    page.wait_for_function("document.getElementById('live-photo').src.startsWith('blob:')")
    problems += _check(page, "referral", lang)
    assert problems == []
