"""The referral in full in Chromium: the holder's data, quality measured beside its limits, labelled scores,
no default verdict, the decision found again in History, the handover note seen by second line; axe-core
finds no serious or critical violation; with EGATE_SCREENSHOTS=1, screenshots (vi, en) in docs/officer/."""

from __future__ import annotations

from typing import Any

from tests.gate.api.conftest import Cards
from tests.gate.api.small_face import far_away
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.officer_browser import (  # noqa: F401
    chromium,
    console_page,
    refer_an_impostor,
    run_transaction,
    save_doc_screenshot,
)
from tests.kiosk_ui.test_kiosk_axe import serious_violations

NOTE = "Khách nói là anh em sinh đôi của chủ thẻ; cần phỏng vấn."


def _open_referral(page: Any, transaction_count: int, index: int) -> None:
    page.click("#tabbtn-referrals")
    page.wait_for_function(f"document.querySelectorAll('#queue li').length === {transaction_count}")
    button = page.locator(f"#queue li:nth-child({index}) button")
    referral_id = button.inner_text().split(" ")[0]  # "#7 · gate-a · …"
    button.click()
    page.wait_for_selector("#case:not(.hidden)")
    title_shows = "(id) => document.getElementById('case-title').textContent.includes(id + ' ')"
    page.wait_for_function(title_shows, arg=referral_id)
    page.wait_for_function("document.querySelectorAll('#checks tr').length > 0")


def _cells(page: Any, tbody: str) -> list[list[str]]:
    return list(page.eval_on_selector_all(f"#{tbody} tr", "rows => rows.map(r => [...r.cells].map(c => c.innerText))"))


def test_an_officer_sees_the_case_in_full_and_decides(live_server: LiveServer, chromium: Any, cards: Cards,  # noqa: F811
                                                      world: World) -> None:
    quality_case = run_transaction(live_server, live_server.gate_key, cards.holder,
                                   far_away(world.photo("obama-480p.jpg")))
    assert quality_case["decision"] == "REFER"
    refer_an_impostor(live_server, cards.holder, world)
    page = console_page(live_server, chromium, "officer", lang="en")
    _open_referral(page, 2, 1)  # the far-away face: QUALITY_FAILED
    holder = page.inner_text("#holder")
    for shown in ("NGUYEN, VAN AN", "Nguyễn Văn An", "1989-08-04", "001089012345", "VNM", "Quận Ba Đình, Hà Nội"):
        assert shown in holder, shown
    quality = {row[0]: row for row in _cells(page, "quality")}
    eyes = quality["Eye distance (px)"]
    assert eyes[2] == "[40, inf]" and eyes[3].startswith("fail") and float(eyes[1]) < 40
    assert any(row[3] == "pass" for row in quality.values())  # the others, each beside its limit
    assert "QUALITY_FAILED" in page.inner_text("#case-reasons")

    _open_referral(page, 2, 2)  # the impostor
    (face,) = _cells(page, "comparisons")
    assert face[0] == "Face" and "similarity: higher is better" in face[1] and face[6] == "no match"
    assert face[3] == "0.0010" and face[4] not in ("", "—")  # the threshold's FMR and the FMR the score reaches
    assert page.input_value("#verdict") == ""
    page.select_option("#reason-code", "BIOMETRIC_MISMATCH")
    page.fill("#reason", "the live face is not the chip photo")
    page.click("#decide")
    assert page.evaluate("document.getElementById('decide-form').checkValidity()") is False
    assert page.evaluate("document.getElementById('verdict').validity.valueMissing") is True
    assert page.is_visible("#case") and len(page.query_selector_all("#queue li")) == 2  # nothing was sent
    _check_accessibility_and_shoot(page, "referral")

    page.select_option("#verdict", "refuse")
    page.click("#decide")
    page.wait_for_function("document.querySelectorAll('#queue li').length === 1")
    assert not page.is_visible("#case")

    page.click("#tabbtn-history")
    page.fill("#history-gate", "gate-a")
    page.click("#history-search")
    page.wait_for_function("document.querySelectorAll('#history-rows tr').length === 1")
    (decided,) = _cells(page, "history-rows")
    assert decided[1] == "gate-a" and decided[2] == "Face mismatch (FACE_MISMATCH)" and decided[4] == "officer"
    assert decided[5] == "Refuse" and decided[6] == "Not the document holder"
    _check_accessibility_and_shoot(page, "history")
    page.fill("#history-gate", "gate-z")
    page.click("#history-search")
    page.wait_for_function("document.querySelectorAll('#history-rows tr').length === 0")
    assert page.inner_text("#history-count") == "No decision matches."
    page.click("#logout")
    assert page.evaluate("document.getElementById('holder').textContent + "
                         "document.getElementById('history-rows').textContent") == ""


def test_the_handover_note_reaches_second_line(live_server: LiveServer, chromium: Any, cards: Cards,  # noqa: F811
                                               world: World) -> None:
    refer_an_impostor(live_server, cards.holder, world)
    first = console_page(live_server, chromium, "officer")
    _open_referral(first, 1, 1)
    first.fill("#handover-text", NOTE)
    first.click("#hand-over")
    first.wait_for_selector("#handover-view:not(.hidden)")
    assert first.is_visible("#second-line-only") and not first.is_visible("#decide-form")
    assert not first.is_visible("#handover-form")

    second = console_page(live_server, chromium, "second_line")
    _open_referral(second, 1, 1)
    assert second.inner_text("#handover-note") == NOTE and "officer" in second.inner_text("#handover-by")
    assert "tuyến hai" in second.inner_text("#queue")
    assert second.is_visible("#decide-form") and not second.is_visible("#second-line-only")
    assert "Nguyễn Văn An" in second.inner_text("#holder")
    _check_accessibility_and_shoot(second, "second-line")
    second.select_option("#verdict", "admit")
    second.select_option("#reason-code", "IDENTITY_CONFIRMED")
    second.fill("#reason", "interviewed, the holder")
    second.click("#decide")
    second.wait_for_function("document.querySelectorAll('#queue li').length === 0")


def _check_accessibility_and_shoot(page: Any, name: str) -> None:
    """axe-core in both languages, and with EGATE_SCREENSHOTS=1 a full-page screenshot of each into docs/officer/."""
    problems = []
    for lang in ("vi", "en") if page.evaluate("document.documentElement.lang") == "vi" else ("en", "vi"):
        problems += [f"{name}/{lang} {v}" for v in serious_violations(page)]
        save_doc_screenshot(page, f"{name}-{lang}")
        page.click("#lang")
        page.wait_for_function(f"document.documentElement.lang !== '{lang}'")
    assert problems == []
