"""The referral in full: the holder's data from the chip (officers only), quality measured beside its limits,
scores with their direction and FMRs, and the officer's decision time."""

from __future__ import annotations

from datetime import datetime

from tests.gate.api.conftest import Cards, Service
from tests.gate.api.referral_helpers import decide, refer_far_away, refer_impostor
from tests.gate.conftest import World


def test_the_case_shows_who_the_holder_is_and_labelled_scores(service: Service, cards: Cards, world: World) -> None:
    _, rid = refer_impostor(service, cards.holder, world)
    case = service.client.get(f"/officer/referrals/{rid}", headers=service.officer()).json()
    bio = case["biographic"]
    assert (bio["surname"], bio["given_names"], bio["full_name"]) == ("NGUYEN", "VAN AN", "Nguyễn Văn An")
    assert (bio["birth_date"], bio["sex"], bio["nationality"]) == ("1989-08-04", "M", "VNM")
    assert bio["document_number"] == "001089012345" and bio["document_code"].startswith("I")
    assert datetime.fromisoformat(bio["expiry_date"]).year > datetime.now().year
    assert bio["dg13"]["place_of_residence"] == "Quận Ba Đình, Hà Nội" and bio["dg13"]["sex"] == "Nam"
    (face,) = case["comparisons"]
    assert face["direction"] == "higher_is_better" and not face["matched"]  # cosine similarity, below threshold
    assert face["fmr_target"] == 0.001 and face["fmr_estimate"] is not None and face["fmr_estimate"] > 0.001
    assert case["captures"] == ["live_face", "chip_face"] or sorted(case["captures"]) == ["chip_face", "live_face"]
    measured = {c["name"]: c for c in case["quality_measurements"]["criteria"]}
    assert all(c["passed"] for c in measured.values()) and measured["eye_distance"]["value"] > 0
    assert case["decided_at"] is None and case["gate_decided_at"] is not None and case["handover"] is None
    for kind in ("biographic", "quality_measurements"):  # read with the case only, never as a file
        assert service.client.get(f"/officer/referrals/{rid}/captures/{kind}",
                                  headers=service.officer()).status_code == 422


def test_a_quality_failure_shows_each_measure_beside_its_limit(service: Service, cards: Cards, world: World) -> None:
    _, rid = refer_far_away(service, cards.holder, world)
    case = service.client.get(f"/officer/referrals/{rid}", headers=service.officer()).json()
    assert "QUALITY_FAILED" in case["reasons"] and case["quality"]["result"] == "fail"
    quality = case["quality_measurements"]
    assert quality["profile"] == "relaxed"  # the test gate's profile
    eyes = next(c for c in quality["criteria"] if c["name"] == "eye_distance")
    assert not eyes["passed"] and eyes["code"] == "EYE_DISTANCE_LOW" and eyes["limit"] == "[40, inf]"
    assert 0 < eyes["value"] < 40
    assert {c["name"] for c in quality["criteria"]} >= {"yaw", "pitch", "roll", "sharpness", "exposure"}
    assert all(isinstance(c["limit"], str) and c["limit"] for c in quality["criteria"])


def test_decided_at_is_the_officers_decision_time(service: Service, cards: Cards, world: World) -> None:
    _, rid = refer_impostor(service, cards.holder, world)
    before = service.client.get(f"/officer/referrals/{rid}", headers=service.officer()).json()
    result = decide(service, rid, "admit", reason_code="IDENTITY_CONFIRMED", reason="same person, older photo")
    after = service.client.get(f"/officer/referrals/{rid}", headers=service.officer()).json()
    assert after["decided_at"] == result["decided_at"] != after["gate_decided_at"] == before["gate_decided_at"]
    assert datetime.fromisoformat(after["decided_at"]) > datetime.fromisoformat(after["gate_decided_at"])
    assert after["verdict"] == "admit" and after["officer"] == "officer"
    assert after["biographic"] is None and after["quality_measurements"] is None  # purged with the decision


def test_the_verdict_has_no_default_and_second_line_is_a_handover(service: Service, cards: Cards,
                                                                   world: World) -> None:
    _, rid = refer_impostor(service, cards.holder, world)
    path = f"/officer/referrals/{rid}/decision"
    for body in ({"reason": "no verdict given"}, {"verdict": "second_line", "reason": "use the handover"},
                 {"verdict": "", "reason": "empty"}):
        assert service.client.post(path, json=body, headers=service.officer()).status_code == 422
    assert service.client.get(f"/officer/referrals/{rid}", headers=service.officer()).json()["status"] == "open"
