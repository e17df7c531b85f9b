"""The console shell in Chromium: only the sign-in form before sign-in, tabs by role, the language, and
nothing of any case left in the page after sign-out."""

from __future__ import annotations

from typing import Any

from tests.gate.api.conftest import Cards
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.officer_browser import chromium, console_page, refer_an_impostor  # noqa: F401

VISIBLE = "(id) => { const n = document.getElementById(id); return !!n && n.getClientRects().length > 0; }"


def _visible(page: Any, element_id: str) -> bool:
    return bool(page.evaluate(VISIBLE, element_id))


def test_before_sign_in_only_the_sign_in_form_shows(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    page = console_page(live_server, chromium, role=None)
    assert _visible(page, "login")
    for hidden in ("console", "logout", "tab-referrals", "tab-lanes", "queue", "case"):
        assert not _visible(page, hidden), hidden
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert page.title() == "Bàn điều khiển cán bộ eGate"


def test_wrong_password_is_a_friendly_message(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    page = console_page(live_server, chromium, role=None, lang="en")
    page.fill("#username", "officer")
    page.fill("#password", "not the password")
    page.click("#login-form button[type=submit]")
    page.wait_for_function("document.getElementById('error').dataset.code === 'officer.error.sign_in'")
    assert page.inner_text("#error") == "Wrong username or password."
    assert not _visible(page, "console")


def test_tabs_follow_the_role(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    officer = console_page(live_server, chromium, "officer")
    assert _visible(officer, "tabbtn-lanes") and _visible(officer, "tab-lanes")
    assert _visible(officer, "tabbtn-referrals") and _visible(officer, "tabbtn-history")
    assert not _visible(officer, "tabbtn-stats") and not _visible(officer, "tabbtn-admin")
    officer.click("#tabbtn-referrals")
    assert _visible(officer, "tab-referrals") and not _visible(officer, "tab-lanes")
    assert officer.get_attribute("#tabbtn-referrals", "aria-selected") == "true"
    supervisor = console_page(live_server, chromium, "supervisor")
    assert _visible(supervisor, "tabbtn-stats") and _visible(supervisor, "tabbtn-admin")
    supervisor.click("#tabbtn-admin")
    assert _visible(supervisor, "tab-admin")


def test_english_is_one_tap_away(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    page = console_page(live_server, chromium, "officer")
    assert page.inner_text("#tabbtn-lanes").strip() == "Làn cổng"
    page.click("#lang")
    page.wait_for_function("document.documentElement.lang === 'en'")
    assert page.inner_text("#tabbtn-lanes").strip() == "Lanes"
    assert page.title() == "eGate officer console"
    assert "(officer)" in page.inner_text("#who")


def test_after_sign_out_nothing_of_the_case_remains(live_server: LiveServer, cards: Cards, world: World,
                                                    chromium: Any) -> None:  # noqa: F811
    tid = refer_an_impostor(live_server, cards.holder, world)
    page = console_page(live_server, chromium, "officer")
    page.click("#tabbtn-referrals")
    page.click("#queue li")
    page.wait_for_function("document.getElementById('live-photo').src.startsWith('blob:')")
    assert "FACE_MISMATCH" in page.inner_text("#case-reasons")
    page.click("#logout")
    page.wait_for_selector("#login:not([hidden])")
    html = page.content()
    for trace in ("FACE_MISMATCH", "gate-a", "blob:", tid, "Referral #"):
        assert trace not in html, trace
    assert _visible(page, "login") and not _visible(page, "console") and not _visible(page, "case")
    assert page.evaluate("sessionStorage.getItem('token')") is None
    page.reload()
    assert not _visible(page, "console")
