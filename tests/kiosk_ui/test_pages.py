"""The pages in a real browser (Debian chromium, headless); the traveller's kiosk is in test_kiosk_page.py.
Officer console: sign in, open the referral, see both images and the scores, decide; the decision is stored
and the captures are purged."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import httpx

from enrollment.icao.card_file import dumps
from gate.store import CaptureVault, ReferralRepository
from tests.gate.api.conftest import PASSWORD, Cards
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.officer_browser import chromium  # noqa: F401  (the console's browser fixture)

UI = Path(__file__).resolve().parents[2] / "kiosk_ui" / "static"


def _refer_an_impostor(server: LiveServer, cards: Cards, world: World) -> str:
    headers = {"X-Gate-Key": server.gate_key}
    card = cards.holder
    body = {"document_number": card.key.document_number, "birth_date": card.key.birth_date,
            "expiry_date": card.key.expiry_date, "card": base64.b64encode(dumps(card.image)).decode()}
    with httpx.Client(base_url=server.url, headers=headers, timeout=60) as client:
        tid = client.post("/kiosk/transactions", json=body).json()["transaction_id"]
        decided = client.post(f"/kiosk/transactions/{tid}/frames",
                              files=[("frames", ("f.jpg", world.photo("biden.jpg"), "image/jpeg"))]).json()
    assert decided["decision"] == "REFER"
    return str(tid)


def test_officer_decides_a_referral_in_the_browser(live_server: LiveServer, cards: Cards, world: World,
                                                   chromium: Any) -> None:  # noqa: F811
    tid = _refer_an_impostor(live_server, cards, world)
    page = chromium.new_page()
    page.goto(f"{live_server.url}/ui/officer.html")
    page.fill("#username", "officer")
    page.fill("#password", PASSWORD)
    page.click("#login-form button[type=submit]")
    page.click("#tabbtn-referrals")
    page.click("#queue li")
    page.wait_for_function("document.getElementById('chip-photo').src.startsWith('blob:')"
                           " && document.getElementById('live-photo').src.startsWith('blob:')")
    assert page.locator("#chip-photo").evaluate("img => img.naturalWidth") > 0
    assert "FACE_MISMATCH" in page.inner_text("#case-reasons")
    no_match = json.loads((UI / "i18n" / "vi.json").read_text(encoding="utf-8"))["officer.referral.result.no_match"]
    assert page.locator("#comparisons tr").count() == 1 and no_match in page.inner_text("#comparisons")  # vi first
    page.select_option("#verdict", "refuse")
    page.select_option("#reason-code", "BIOMETRIC_MISMATCH")
    page.fill("#reason", "not the holder of the document")
    page.click("#decide")
    page.wait_for_selector("#empty", state="visible")
    assert page.inner_text("#error") == ""
    with live_server.runtime.db.sessions() as s:
        referral = ReferralRepository(s).for_transaction(tid)
        assert referral is not None and referral.verdict == "refuse" and referral.officer == "officer"
        assert CaptureVault(s, live_server.runtime.cipher).for_transaction(tid) == []
