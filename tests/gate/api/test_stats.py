"""The shift in numbers over HTTP, on real transactions: verdict counts, referral reasons, the officer's
decision time, the shadow impostor comparisons made beside them and the FNMR from an admitted face mismatch;
each table as text/csv; bad periods and unknown tables refused; officers below supervisor kept out."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

from tests.gate.api.conftest import Card, Cards, Service
from tests.gate.conftest import World


def test_stats_of_real_transactions(service: Service, cards: Cards, world: World) -> None:
    opened = service.start(cards.holder)["transaction_id"]
    assert service.frames(opened, world.photo("obama.jpg"))["decision"] == "OPEN"
    impostor = Card(*world.issue("biden.jpg"))  # biden on the chip, obama in front of the camera
    refused = service.start(impostor, gate="gate-b")["transaction_id"]
    assert service.frames(refused, world.photo("obama.jpg"), gate="gate-b")["decision"] == "REFER"
    client, sup = service.client, service.officer("supervisor")
    [referral] = client.get("/officer/referrals", headers=sup).json()
    decided = client.post(f"/officer/referrals/{referral['id']}/decision", headers=sup,
                          json={"verdict": "admit", "reason_code": "IDENTITY_CONFIRMED", "reason": "same person"})
    assert decided.status_code == 200

    stats = client.get("/stats/shift", headers=sup).json()
    verdicts = {v["gate_id"]: v for v in stats["verdicts"]}
    assert (verdicts["*"]["open"], verdicts["*"]["refer"], verdicts["*"]["reject"]) == (1, 1, 0)
    assert verdicts["*"]["open_rate"] == 0.5 and verdicts["gate-b"]["refer"] == 1
    assert sum(h["transactions"] for h in stats["per_hour"] if h["gate_id"] == "gate-a") == 1
    assert stats["referral_reasons"] == [{"reason": "FACE_MISMATCH", "referrals": 1}]
    assert stats["officer"]["decided"] == 1 and stats["officer"]["mean_s"] >= 0
    [fmr] = stats["fmr"]  # the impostor's live face was compared with the first traveller's chip
    assert fmr["fmr_target"] == 0.001 and fmr["estimate"]["trials"] == 1 and fmr["estimate"]["upper"] is not None
    assert stats["fnmr"]["errors"] == 1 and stats["fnmr"]["trials"] == 2
    assert stats["shadow_references"] == 2

    exported = client.get("/stats/shift/verdicts.csv", headers=sup)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    assert 'filename="shift-verdicts.csv"' in exported.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(exported.text)))
    assert rows[0][:4] == ["gate_id", "open", "refer", "reject"] and rows[-1][:4] == ["*", "1", "1", "0"]
    accuracy = list(csv.reader(io.StringIO(client.get("/stats/shift/accuracy.csv", headers=sup).text)))
    assert accuracy[-1][0] == "FNMR_officer_admitted_face_mismatch" and accuracy[-1][3:5] == ["1", "2"]


def test_periods_tables_and_roles(service: Service) -> None:
    client, sup = service.client, service.officer("supervisor")
    now = datetime.now(UTC)
    ok = client.get("/stats/shift", params={"start": (now - timedelta(hours=3)).isoformat(),
                                             "end": now.isoformat()}, headers=sup)
    assert ok.status_code == 200 and len({h["hour"] for h in ok.json()["per_hour"]}) in (3, 4)
    for start, end in ((now, now - timedelta(hours=1)), (now - timedelta(days=40), now)):
        bad = client.get("/stats/shift", params={"start": start.isoformat(), "end": end.isoformat()}, headers=sup)
        assert bad.status_code == 422
    naive = client.get("/stats/shift", params={"start": "2026-12-01T08:00:00", "end": "2026-12-01T09:00:00"},
                       headers=sup)
    assert naive.status_code == 422
    assert client.get("/stats/shift/secrets.csv", headers=sup).status_code == 422
    assert client.get("/stats/shift", headers=service.officer()).status_code == 403
