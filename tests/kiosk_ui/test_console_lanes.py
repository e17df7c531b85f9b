"""The Lanes tab in Chromium: two gates run transactions while an officer watches; the referral and its
alarm are pushed to the page (no reload), sounded and acknowledged (audited); a supervisor opens a lane's
exit remotely (audited, the chain verifies); a plain officer gets no door control."""

from __future__ import annotations

import json
from typing import Any

from gate.audit import verify_gate
from gate.store import GateRepository
from tests.gate.api.conftest import Cards
from tests.gate.audit.chain_helpers import stored_chain
from tests.gate.conftest import World
from tests.kiosk_ui.conftest import LiveServer
from tests.kiosk_ui.officer_browser import chromium, console_page, run_transaction  # noqa: F401


def add_gate_b(server: LiveServer) -> str:
    with server.runtime.db.sessions.begin() as session:
        return GateRepository(session).create("gate-b", "gate-b")[1]


def lane_text(page: Any, gate: str) -> str:
    return str(page.inner_text(f"#lanes [data-gate={gate}]"))


def test_two_gates_live_with_a_pushed_referral_and_an_audited_ack(live_server: LiveServer, cards: Cards,
                                                                   world: World, chromium: Any) -> None:  # noqa: F811
    key_b = add_gate_b(live_server)
    page = console_page(live_server, chromium, "officer", lang="en")
    page.wait_for_selector("#lanes [data-gate=gate-b]")
    page.wait_for_function("document.getElementById('lanes-link').dataset.state === 'live'")
    page.evaluate("window.sameDocument = true")
    assert page.locator("#lanes [data-gate=gate-a] .lane-controls").count() == 0  # no door control for officers
    admitted = run_transaction(live_server, live_server.gate_key, cards.holder, world.photo("obama-480p.jpg"))
    assert admitted["decision"] == "OPEN"
    page.wait_for_function("document.querySelector('#lanes [data-gate=gate-a]').innerText.includes('Admitted')")
    assert "Online" in lane_text(page, "gate-a")
    referred = run_transaction(live_server, key_b, cards.other, world.photo("biden.jpg"))
    assert referred["decision"] == "REFER"
    page.wait_for_selector("#alarms li[data-kind=referral]")
    assert page.evaluate("window.sameDocument") is True  # pushed, not reloaded
    assert "Referred" in lane_text(page, "gate-b") and "1 alarm" in lane_text(page, "gate-b")
    assert int(page.get_attribute("#lanes", "data-tones") or 0) >= 1
    assert page.inner_text("#badge-lanes").strip() == "1"
    page.wait_for_function(  # the live region is written 50 ms after it is emptied, so the same text re-announces
        "document.getElementById('alarm-announcer').textContent.includes('Referral · gate-b')")
    page.click("#alarms li[data-kind=referral] button")
    page.wait_for_selector("#alarms li.acknowledged")
    assert "Acknowledged by officer" in page.inner_text("#alarms li.acknowledged")
    assert page.is_hidden("#badge-lanes")
    acks = [r for r in stored_chain(live_server.runtime.db, "gate-b") if "ALARM_ACK" in r.get("reason_codes", [])]
    assert len(acks) == 1 and acks[0]["transaction_id"] == referred["transaction_id"]
    assert acks[0]["officer"]["officer_id"] == "officer"
    assert verify_gate(live_server.runtime.db.sessions, "gate-b").ok


def test_a_supervisor_opens_the_exit_remotely_and_it_is_audited(live_server: LiveServer, cards: Cards,
                                                                 world: World, chromium: Any) -> None:  # noqa: F811
    admitted = run_transaction(live_server, live_server.gate_key, cards.holder, world.photo("obama-480p.jpg"))
    page = console_page(live_server, chromium, "supervisor")
    page.wait_for_selector("#lanes [data-gate=gate-a] [data-action=open_exit]")
    page.click("#lanes [data-gate=gate-a] [data-action=open_exit]")
    page.select_option("#lane-reason-code", "ADMITTED_BY_OFFICER")
    page.fill("#lane-reason", "Trần Thị B, xe lăn")
    page.click("#lane-command-confirm")
    page.wait_for_selector("#lane-command", state="hidden")
    assert page.inner_text("#error") == ""
    records = stored_chain(live_server.runtime.db, "gate-a")
    action = next(r for r in records if "ACTION:open_exit" in r.get("reason_codes", []))
    assert action["transaction_id"] == admitted["transaction_id"] and action["officer"]["officer_id"] == "supervisor"
    assert action["officer"]["reason_hmac"] and "ADMITTED_BY_OFFICER" in action["reason_codes"]
    opened = [r["reason_codes"] for r in records if "BY:supervisor" in r.get("reason_codes", [])]
    assert opened[0][:4] == ["DOOR_COMMAND", "DOOR:exit", "COMMAND:unlock", "STATE:open"]
    assert "Trần" not in json.dumps(records, ensure_ascii=False)
    assert verify_gate(live_server.runtime.db.sessions, "gate-a").ok
    page.click("#lanes [data-gate=gate-a] [data-action=lock]")
    page.click("#lane-command-confirm")
    page.wait_for_function("document.querySelector('#lanes [data-gate=gate-a]').className.includes('mode-locked')")
    assert page.locator("#lanes [data-gate=gate-a] [data-action=reopen]").count() == 1
