"""The Statistics and Admin tabs in Chromium: a supervisor sees the shift with its plots and exports a table
as CSV, uploads a stop list and sees what changes before confirming, verifies the audit chains (a tampered
record is named); a plain officer sees neither tab. axe-core: no serious or critical violation; with
EGATE_SCREENSHOTS=1, screenshots in docs/officer/ (vi, en)."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import update

from gate.store.models import AuditRecordRow, GateRow, ReferralRow, TransactionRow
from gate.store.shift_models import ShadowTallyRow
from tests.gate.api.conftest import PASSWORD, Card, Cards
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.officer_browser import chromium, console_page, run_transaction, save_doc_screenshot  # noqa: F401
from tests.kiosk_ui.test_kiosk_axe import AXE, serious_violations

STOP_LIST = "# test list\nVNM 001089012345\nUTO L898902C3\n"
REASONS = ["FACE_MISMATCH", "FACE_MISMATCH", "QUALITY_FAILED", "PAD_ALARM", "STOP_LIST_HIT", "CAPTURE_TIMEOUT"]
UI = Path(__file__).resolve().parents[2] / "kiosk_ui" / "static"


def _catalogue(lang: str) -> dict[str, str]:
    return dict(json.loads((UI / "i18n" / f"{lang}.json").read_text(encoding="utf-8")))


VISIBLE = "(id) => { const n = document.getElementById(id); return !!n && n.getClientRects().length > 0; }"


def _visible(page: Any, element_id: str) -> bool:
    return bool(page.evaluate(VISIBLE, element_id))


def _traffic(server: LiveServer, cards: Cards, world: World) -> None:
    assert run_transaction(server, server.gate_key, cards.holder, world.photo("obama.jpg"))["decision"] == "OPEN"
    impostor = Card(*world.issue("biden.jpg"))
    assert run_transaction(server, server.gate_key, impostor, world.photo("obama.jpg"))["decision"] == "REFER"


def _stop_list_entries(server: LiveServer) -> int:
    with httpx.Client(base_url=server.url) as client:
        token = client.post("/auth/token", data={"username": "supervisor", "password": PASSWORD}).json()
        summary = client.get("/admin/stop-list", headers={"Authorization": f"Bearer {token['access_token']}"})
        return int(summary.json()["entries"])


def _axe_clean(page: Any, screen: str) -> list[str]:
    if not AXE.is_file():
        pytest.skip("needs axe-core: run `npm ci` at the repository root")
    return [f"{screen} {v}" for v in serious_violations(page)]


def test_supervisor_sees_the_shift_with_plots_and_exports_csv(live_server: LiveServer, cards: Cards, world: World,
                                                              chromium: Any) -> None:  # noqa: F811
    _traffic(live_server, cards, world)
    problems: list[str] = []
    for lang in ("vi", "en"):
        page = console_page(live_server, chromium, "supervisor", lang)
        page.click("#tabbtn-stats")
        page.wait_for_selector("#stats-hourly-plot svg rect")
        assert page.locator("#stats-hourly-plot svg[role=img] rect").count() >= 1
        assert page.locator("#stats-verdicts-plot svg rect").count() == 4  # gate-a and all lanes: OPEN + REFER
        assert _catalogue(lang)["officer.gate_reason.FACE_MISMATCH"] in page.inner_text("#stats-reasons-plot")  # named
        assert page.locator("#stats-summary .shift-card").count() == 7
        assert page.locator("#stats-accuracy tr").count() == 2  # shadow FMR at 0.001, FNMR
        problems += _axe_clean(page, f"stats/{lang}")
        with page.expect_download() as download:
            page.click("#tab-stats button.csv[data-table=verdicts]")
        rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
        assert download.value.suggested_filename == "shift-verdicts.csv"
        assert rows[0][:4] == ["gate_id", "open", "refer", "reject"] and rows[-1][:4] == ["*", "1", "1", "0"]
        page.close()
    assert problems == []


def test_supervisor_uploads_a_stop_list_sees_the_diff_then_confirms(live_server: LiveServer,
                                                                    chromium: Any) -> None:  # noqa: F811
    page = console_page(live_server, chromium, "supervisor", "en")
    page.click("#tabbtn-admin")
    page.wait_for_function("document.getElementById('admin-stop-now').textContent.includes('0 entries')")
    assert not _visible(page, "admin-gates") and not _visible(page, "admin-fmr-form")  # administrators only
    page.set_input_files("#admin-stop-file", files=[{"name": "sltd.txt", "mimeType": "text/plain",
                                                     "buffer": STOP_LIST.encode()}])
    page.click("#admin-stop-form button[type=submit]")
    page.wait_for_selector("#admin-stop-diff:not([hidden])")
    assert page.inner_text("#admin-stop-added").split("\n") == ["UTO L898902C3", "VNM 001089012345"]
    assert page.inner_text("#admin-stop-removed") == "(none)"
    assert page.inner_text("#admin-stop-summary").startswith("2 added, 0 removed")
    assert _stop_list_entries(live_server) == 0  # nothing changes before the supervisor confirms
    problems = _axe_clean(page, "admin/stop-list diff")
    save_doc_screenshot(page, "shift-admin-en")
    page.click("#admin-stop-confirm")
    page.wait_for_function("document.getElementById('admin-stop-now').textContent.includes('2 entries')")
    assert not _visible(page, "admin-stop-diff") and _stop_list_entries(live_server) == 2
    page.set_input_files("#admin-stop-file", files=[{"name": "bad.txt", "mimeType": "text/plain",
                                                     "buffer": b"VNM 1\nnot a line at all\n"}])
    page.click("#admin-stop-form button[type=submit]")
    page.wait_for_function("document.getElementById('admin-stop-summary').textContent.includes('line 2')")
    assert not _visible(page, "admin-stop-confirm")
    assert problems == []


def test_supervisor_verifies_the_chain_and_sees_the_first_bad_record(live_server: LiveServer, cards: Cards,
                                                                     world: World, chromium: Any) -> None:  # noqa: F811
    assert run_transaction(live_server, live_server.gate_key, cards.holder, world.photo("obama.jpg"))["decision"]
    page = console_page(live_server, chromium, "supervisor", "vi")
    page.click("#tabbtn-admin")
    page.click("#admin-chain-verify")
    page.wait_for_selector("#admin-chain tr")
    assert page.locator("#admin-chain tr.chain-bad").count() == 0
    with live_server.runtime.db.engine.begin() as connection:
        connection.execute(update(AuditRecordRow).where(AuditRecordRow.gate_id == "gate-a", AuditRecordRow.seq == 3)
                           .values(body=AuditRecordRow.body + " "))
    page.click("#admin-chain-verify")
    page.wait_for_selector("#admin-chain tr.chain-bad")
    bad = page.inner_text("#admin-chain tr.chain-bad")
    assert "gate-a" in bad and "Bị sửa đổi" in bad and "seq 3: nội dung bản ghi bị sửa" in bad
    assert "(hash does not match the record's content (record modified))" in bad
    page.set_input_files("#admin-stop-file", files=[{"name": "sltd.txt", "mimeType": "text/plain",
                                                     "buffer": STOP_LIST.encode()}])
    page.click("#admin-stop-form button[type=submit]")
    page.wait_for_selector("#admin-stop-diff:not([hidden])")
    problems = _axe_clean(page, "admin/vi")
    save_doc_screenshot(page, "shift-admin-vi")
    assert problems == []


def test_admin_sees_gates_and_accounts(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    page = console_page(live_server, chromium, "admin", "en")
    page.click("#tabbtn-admin")
    page.wait_for_selector("#admin-gates tr")
    page.wait_for_selector("#admin-officers tr")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#admin-gates button[aria-label='Rotate key (gate gate-a)']")
    page.wait_for_selector("#admin-key:not([hidden])")
    assert page.inner_text("#admin-key-value").startswith("egk_")
    problems = _axe_clean(page, "admin/admin en")
    save_doc_screenshot(page, "shift-admin-accounts-en")
    page.click("#admin-key-done")
    assert not _visible(page, "admin-key") and page.inner_text("#admin-key-value") == ""
    page.select_option("#admin-officers select[aria-label='Role of officer']", "supervisor")
    page.wait_for_function("document.querySelector(\"#admin-officers select[aria-label='Role of officer']\")"
                           ".value === 'supervisor'")
    assert problems == []


def test_a_plain_officer_sees_no_statistics_or_admin(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    page = console_page(live_server, chromium, "officer", "vi")
    assert not _visible(page, "tabbtn-stats") and not _visible(page, "tabbtn-admin")
    assert not _visible(page, "tab-stats") and not _visible(page, "tab-admin")
    page.evaluate("sessionStorage.setItem('tab', 'admin')")
    page.reload()
    page.wait_for_selector("#console:not([hidden])")
    assert not _visible(page, "tab-admin") and not _visible(page, "tab-stats")
    assert page.locator("#stats-summary *").count() == 0 and page.locator("#admin-officers *").count() == 0


def _busier_shift(server: LiveServer) -> None:
    """Stored rows for a screenshot of a plausible shift: three lanes over twelve hours, referrals decided
    after a minute or two, shadow tallies of 31 comparisons per capture."""
    now = datetime.now(UTC).replace(minute=0, second=0, microsecond=0)
    rng = random.Random(14)
    with server.runtime.db.sessions.begin() as s:
        s.add_all(GateRow(id=g, name=g, created_at=now) for g in ("lane-02", "lane-03"))
        s.flush()
        for n in range(420):
            gate = ("gate-a", "lane-02", "lane-03")[n % 3]
            at = now - timedelta(minutes=rng.randrange(12 * 60))
            verdict = rng.choices(["OPEN", "REFER", "REJECT"], [88, 10, 2])[0]
            reasons = [] if verdict == "OPEN" else [rng.choice(REASONS if verdict == "REFER" else ["DOCUMENT_EXPIRED"])]
            s.add(TransactionRow(id=f"seed-{n}", gate_id=gate, state="decided", decision=verdict, reasons=reasons,
                                 created_at=at, updated_at=at, decided_at=at))
            if verdict == "REFER":
                s.flush()
                done = at + timedelta(seconds=rng.randrange(40, 240))
                s.add(ReferralRow(transaction_id=f"seed-{n}", status="decided", reasons=reasons, created_at=at,
                                  decided_at=done, verdict="admit" if rng.random() < 0.7 else "refuse"))
            s.add(ShadowTallyRow(created_at=at, model_id="omz-face-reid-0095", fmr_target=0.001, comparisons=31,
                                 false_matches=1 if n in (97, 311) else 0))


def test_screenshots_of_a_busier_shift(live_server: LiveServer, chromium: Any) -> None:  # noqa: F811
    _busier_shift(live_server)
    problems: list[str] = []
    for lang in ("vi", "en"):
        page = console_page(live_server, chromium, "supervisor", lang)
        page.click("#tabbtn-stats")
        page.wait_for_selector("#stats-hourly-plot svg rect")
        assert page.locator("#stats-hourly-plot svg rect").count() >= 12
        problems += _axe_clean(page, f"stats-busy/{lang}")
        save_doc_screenshot(page, f"shift-stats-{lang}")
        page.close()
    assert problems == []
