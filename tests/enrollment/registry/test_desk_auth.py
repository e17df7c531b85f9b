"""Desks authenticate every registry call (signed with the desk key, checked against the enrolment CA, a
time window and a nonce) and see only their own applications and their candidates."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from enrollment.desk.outbox_transport import PacketRefused, RegistryUnavailable
from enrollment.desk.registry_http import HttpRegistryClient
from enrollment.registry.api import create_registry_app
from enrollment.registry.desk_requests import sign_request
from tests.enrollment.desk.packetkit import NOW, Pki, contents, make_pki, sealed
from tests.enrollment.registry.registrykit import SameFaceDeduplicator, make_registry


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki()


@pytest.fixture
def served(pki: Pki, tmp_path: Path) -> Iterator[tuple[TestClient, SameFaceDeduplicator]]:
    dedup = SameFaceDeduplicator()
    with TestClient(create_registry_app(make_registry(pki, tmp_path, dedup), clock=lambda: NOW)) as client:
        yield client, dedup


def desk_client(client: TestClient, pki: Pki, desk_id: str | None = None) -> HttpRegistryClient:
    signer = pki.desk if desk_id is None else pki.desk_for(desk_id)
    return HttpRegistryClient(None, signer, client=client, clock=lambda: NOW)


def test_a_duplicate_is_adjudicated_through_the_api_and_leaves_the_gallery(
        served: tuple[TestClient, SameFaceDeduplicator], pki: Pki) -> None:
    client, dedup = served
    desk = desk_client(client, pki)
    first = contents(1)
    second = contents(2, face=first.face_jpeg, name="TRẦN VĂN BÌNH")
    desk.upload(first.application_id, sealed(pki, first))
    assert desk.upload(second.application_id, sealed(pki, second)).status == "adjudication"
    answer = desk.poll(second.application_id)
    assert [c.application_id for c in answer.candidates] == [first.application_id]
    record = desk.candidate(second.application_id, first.application_id)
    assert record.portrait == first.face_jpeg and record.demographics["full_name"] == first.demographics["full_name"]
    assert set(record.demographics) <= {"full_name", "birth_date", "sex", "nationality", "id_number",
                                        "place_of_origin", "place_of_residence"}
    decided = desk.adjudicate(second.application_id, duplicate=True, adjudicator="sup-1")
    assert decided.status == "duplicate_rejected" and second.application_id not in dedup.gallery
    assert desk.adjudicate(second.application_id, duplicate=True, adjudicator="sup-1") == decided  # a retry


def test_another_desk_sees_nothing_of_this_desks_applications(
        served: tuple[TestClient, SameFaceDeduplicator], pki: Pki) -> None:
    client, _ = served
    mine, theirs = desk_client(client, pki), desk_client(client, pki, "desk-saigon-2")
    first, second = contents(3), contents(4)
    mine.upload(first.application_id, sealed(pki, first))
    mine.upload(second.application_id, sealed(pki, contents(4, face=first.face_jpeg)))
    for call in (lambda: theirs.poll(first.application_id),
                 lambda: theirs.candidate(second.application_id, first.application_id),
                 lambda: theirs.adjudicate(second.application_id, duplicate=False, adjudicator="x"),
                 lambda: mine.candidate(first.application_id, second.application_id)):  # not its candidate
        with pytest.raises(PacketRefused) as refused:
            call()
        assert refused.value.code == "APPLICATION_UNKNOWN"
    other = contents(5)
    with pytest.raises(PacketRefused) as refused:  # desk-hanoi-1's packet uploaded by another desk
        theirs.upload(other.application_id, sealed(pki, other))
    assert refused.value.code == "PACKET_DESK_MISMATCH"


def _get(client: TestClient, path: str, headers: dict[str, str]) -> tuple[int, str]:
    response = client.get(path, headers=headers)
    return response.status_code, response.json().get("code", "")


def test_unsigned_forged_stale_and_replayed_requests_are_refused(
        served: tuple[TestClient, SameFaceDeduplicator], pki: Pki) -> None:
    client, _ = served
    application = contents(6)
    desk_client(client, pki).upload(application.application_id, sealed(pki, application))
    path = f"/v1/applications/{application.application_id}"
    assert _get(client, path, {}) == (401, "DESK_AUTH_REQUIRED")
    stranger = make_pki()  # a desk certificate from another CA
    assert _get(client, path, sign_request(stranger.desk, "GET", path, b"", NOW)) == (401, "DESK_AUTH_INVALID")
    other_path = sign_request(pki.desk, "GET", "/v1/applications/" + "0" * 32, b"", NOW)
    assert _get(client, path, other_path) == (401, "DESK_AUTH_INVALID")
    late = sign_request(pki.desk, "GET", path, b"", NOW - timedelta(minutes=6))
    assert _get(client, path, late) == (401, "DESK_AUTH_STALE")
    headers = sign_request(pki.desk, "GET", path, b"", NOW)
    assert _get(client, path, headers)[0] == 200
    assert _get(client, path, headers) == (401, "DESK_AUTH_REPLAYED")
    forged = {**sign_request(pki.desk, "GET", path, b"", NOW), "x-egate-signature": headers["x-egate-signature"]}
    assert _get(client, path, forged) == (401, "DESK_AUTH_INVALID")
    body = b'{"decision": "different", "adjudicator": "x"}'
    signed = sign_request(pki.desk, "POST", f"{path}/adjudication", body, NOW)
    tampered = client.post(f"{path}/adjudication", content=body.replace(b"different", b"duplicate"), headers=signed)
    assert (tampered.status_code, tampered.json()["code"]) == (401, "DESK_AUTH_INVALID")
    assert client.get("/v1/health").status_code == 200  # the one call without a signature


def test_a_refused_signature_is_retried_later_not_a_refused_packet(
        served: tuple[TestClient, SameFaceDeduplicator], pki: Pki) -> None:
    client, _ = served
    skewed = HttpRegistryClient(None, pki.desk, client=client, clock=lambda: NOW + timedelta(hours=1))
    application = contents(7)
    with pytest.raises(RegistryUnavailable):  # a desk clock to fix; the packet itself is fine
        skewed.upload(application.application_id, sealed(pki, application))
