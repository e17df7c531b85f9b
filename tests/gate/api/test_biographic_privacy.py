"""The holder's data from the chip reaches the officer's referral endpoint and nothing else: not the kiosk,
not the audit chain, not the logs, not the database in clear."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from gate.logging import configure_logging
from gate.store import AuditRepository
from tests.gate.api.conftest import Cards, Service
from tests.gate.api.referral_helpers import decide, referral_of
from tests.gate.conftest import World

# DG1 (surname, given names, document number, birth date as the MRZ and as ISO) and DG13 (CCCD) values
SECRETS = ("NGUYEN", "VAN AN", "Nguyễn Văn An", "001089012345", "890804", "1989-08-04", "04/08/1989",
           "Ba Đình", "Hà Nội", "Việt Nam")


def _leaks(text: str) -> list[str]:
    return [s for s in SECRETS if s in text or json.dumps(s)[1:-1] in text]


@pytest.mark.parametrize("json_logs", [False, True])
def test_the_holders_data_goes_to_the_officer_only(service: Service, cards: Cards, world: World,
                                                   capsys: pytest.CaptureFixture[str], json_logs: bool) -> None:
    configure_logging(json=json_logs)
    client, kiosk = service.client, service.kiosk()
    started = client.post("/kiosk/transactions", json=cards.holder.body(), headers=kiosk)
    tid = started.json()["transaction_id"]
    files = [("frames", ("f.jpg", world.photo("biden.jpg"), "image/jpeg"))]
    decided = client.post(f"/kiosk/transactions/{tid}/frames", files=files, headers=kiosk)
    status = client.get(f"/kiosk/transactions/{tid}", headers=kiosk)
    assert decided.json()["decision"] == "REFER"
    for response in (started, decided, status):
        assert _leaks(response.text) == [], response.text

    rid = referral_of(service, tid)
    case = client.get(f"/officer/referrals/{rid}", headers=service.officer())
    assert {"NGUYEN", "Nguyễn Văn An", "001089012345", "1989-08-04", "Ba Đình"} <= set(_leaks(case.text))
    assert client.post(f"/officer/referrals/{rid}/handover", json={"note": "check the twin story"},
                       headers=service.officer()).status_code == 201
    client.get(f"/officer/referrals/{rid}", headers=service.officer("second_line"))
    decide(service, rid, "refuse", role="second_line")
    history = client.get("/officer/history", headers=service.officer())
    assert history.json()["total"] == 1 and _leaks(history.text) == []

    with service.runtime.db.sessions() as s:
        chain = [r.body for r in AuditRepository(s).chain("gate-a")]
    assert len(chain) > 8 and all(_leaks(body) == [] for body in chain)
    logged = capsys.readouterr()
    assert "referral_viewed" in logged.out + logged.err
    assert _leaks(logged.out + logged.err) == []


def test_the_holders_data_is_encrypted_at_rest(service: Service, cards: Cards, world: World) -> None:
    tid = str(service.start(cards.holder)["transaction_id"])
    service.frames(tid, world.photo("biden.jpg"))
    with service.runtime.db.engine.connect() as connection:
        rows = connection.execute(text("SELECT kind, ciphertext FROM captures WHERE transaction_id = :t"),
                                  {"t": tid}).all()
        dump = "\n".join(str(row) for row in connection.execute(text("SELECT * FROM referrals")).all())
    assert {kind for kind, _ in rows} >= {"biographic", "quality_measurements"}
    for _, blob in rows:
        assert b"NGUYEN" not in blob and "Nguyễn".encode() not in blob and b"001089012345" not in blob
    assert _leaks(dump) == []
