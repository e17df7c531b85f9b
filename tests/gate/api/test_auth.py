"""Who may call what: gate keys for kiosks, signed tokens and roles for officers; the OpenAPI document."""

from __future__ import annotations

import pytest

from gate.audit import AuditRecord
from gate.service.tokens import TokenSigner
from gate.store import AuditRepository, OfficerRepository
from tests.gate.api.conftest import PASSWORD, Cards, Service
from tests.gate.conftest import World

OFFICER_ROUTES = [("GET", "/officer/referrals"), ("GET", "/officer/referrals/1"),
                  ("GET", "/officer/referrals/1/captures/live_face"), ("POST", "/officer/referrals/1/decision")]
ADMIN_ROUTES = [("PUT", "/admin/fmr-target"), ("GET", "/admin/gates"), ("POST", "/admin/gates"),
                ("POST", "/admin/officers"), ("GET", "/admin/officers"), ("PUT", "/admin/officers/officer/role"),
                ("POST", "/admin/officers/officer/disable"), ("POST", "/admin/gates/gate-a/key")]
SUPERVISOR_ROUTES = [("GET", "/audit/export"), ("GET", "/audit/verify"), ("GET", "/admin/fmr-target"),
                     ("GET", "/stats/shift"), ("GET", "/stats/shift/verdicts.csv"), ("GET", "/admin/stop-list")]
SUPERVISOR_WRITES = [("POST", "/admin/stop-list/preview"), ("PUT", "/admin/stop-list")]  # need a body
KIOSK_ROUTES = [("POST", "/kiosk/transactions"), ("GET", "/kiosk/transactions/x"),
                ("POST", "/kiosk/transactions/x/frames")]


def test_unauthenticated_requests_get_401(service: Service) -> None:
    for method, path in OFFICER_ROUTES + ADMIN_ROUTES + SUPERVISOR_ROUTES + SUPERVISOR_WRITES:
        for headers in ({}, {"Authorization": "Bearer egt1.forged.token"}, service.kiosk()):
            response = service.client.request(method, path, headers=headers)
            assert response.status_code == 401, (method, path, headers)
            assert response.headers["www-authenticate"] == "Bearer"
    for method, path in KIOSK_ROUTES:
        for headers in ({}, {"X-Gate-Key": "egk_wrong"}, service.officer("admin")):
            assert service.client.request(method, path, headers=headers).status_code == 401, (method, path)


def test_roles_below_the_route_get_403(service: Service) -> None:
    for method, path in ADMIN_ROUTES:
        for role in ("officer", "supervisor"):
            assert service.client.request(method, path, headers=service.officer(role)).status_code == 403
    for method, path in SUPERVISOR_ROUTES:
        assert service.client.request(method, path, headers=service.officer()).status_code == 403
        assert service.client.request(method, path, headers=service.officer("admin")).status_code == 200
    for method, path in SUPERVISOR_WRITES:
        assert service.client.request(method, path, headers=service.officer()).status_code == 403


def test_login_and_tokens(service: Service) -> None:
    client = service.client
    assert client.post("/auth/token", data={"username": "officer", "password": "wrong password!"}).status_code == 401
    assert client.post("/auth/token", data={"username": "nobody", "password": PASSWORD}).status_code == 401
    token = client.post("/auth/token", data={"username": "supervisor", "password": PASSWORD}).json()
    assert token["token_type"] == "bearer" and token["role"] == "supervisor" and token["expires_in"] > 0
    headers = {"Authorization": f"Bearer {token['access_token']}"}
    assert client.get("/officer/referrals", headers=headers).status_code == 200
    tampered = token["access_token"][:-2] + ("AA" if not token["access_token"].endswith("AA") else "BB")
    assert client.get("/officer/referrals", headers={"Authorization": f"Bearer {tampered}"}).status_code == 401
    with service.runtime.db.sessions.begin() as s:
        OfficerRepository(s).deactivate("supervisor")
    assert client.get("/officer/referrals", headers=headers).status_code == 401  # takes effect at once
    with service.runtime.db.sessions() as s:
        chain = [AuditRecord.model_validate_json(r.body) for r in AuditRepository(s).chain("gate-01")]
    sign_ins = [(r.reason_codes, r.officer.officer_id if r.officer else None) for r in chain]
    assert sign_ins == [(("SIGN_IN_FAILED",), None), (("SIGN_IN_FAILED",), None), (("SIGN_IN",), "supervisor")]


def test_tokens_expire_and_need_the_key() -> None:
    now = [1000.0]
    signer = TokenSigner(b"k" * 32, ttl_s=60, clock=lambda: now[0])
    token = signer.issue("le.chi")
    claims = signer.verify(token)
    assert claims is not None and claims.username == "le.chi"
    assert TokenSigner(b"j" * 32, ttl_s=60, clock=lambda: now[0]).verify(token) is None
    now[0] += 61
    assert signer.verify(token) is None
    now[0] -= 61
    forged = token[:-1] + "é"  # non-ASCII: refused, not a server error
    assert signer.verify(forged) is None and signer.verify("egt.é.é") is None


def test_weak_token_keys_are_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pydantic import SecretStr

    from gate.service.token_key import WeakSecretError, token_key
    from gate.settings import ApiSettings

    for weak in ("changeme", "short-secret"):
        with pytest.raises(WeakSecretError):
            token_key(ApiSettings(token_key=SecretStr(weak)), tmp_path)
    created = token_key(ApiSettings(), tmp_path)  # first start: a random key file, 0600
    assert len(created) == 32 and (tmp_path / "keys" / "api-token.key").stat().st_mode & 0o777 == 0o600
    assert token_key(ApiSettings(), tmp_path) == created


def test_openapi_documents_every_route(service: Service) -> None:
    schema = service.client.get("/openapi.json").json()
    paths = schema["paths"]
    for method, path in OFFICER_ROUTES + ADMIN_ROUTES + SUPERVISOR_ROUTES + KIOSK_ROUTES:
        templated = path.replace("/1", "/{referral_id}").replace("/x", "/{transaction_id}")
        templated = templated.replace("/live_face", "/{kind}").replace("/officers/officer/", "/officers/{username}/")
        templated = templated.replace("/gates/gate-a/", "/gates/{gate_id}/").replace("/verdicts.csv", "/{table}.csv")
        assert method.lower() in paths[templated], (method, templated)
    assert "post" in paths["/auth/token"]
    schemes = schema["components"]["securitySchemes"]
    assert schemes["GateKey"] == {"type": "apiKey", "in": "header", "name": "X-Gate-Key",
                                  "description": schemes["GateKey"]["description"]}
    assert schemes["OfficerToken"]["type"] == "oauth2"
    assert {t["name"] for t in schema["tags"]} == {"kiosk", "auth", "officer", "admin", "audit", "stats", "desk"}
    referral = paths["/officer/referrals/{referral_id}"]["get"]
    assert referral["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].endswith("ReferralDetail")
    assert referral["security"] == [{"OfficerToken": []}]


def test_kiosk_cannot_touch_another_gates_transaction(service: Service, cards: Cards, world: World) -> None:
    tid = service.start(cards.swapped, gate="gate-b")["transaction_id"]
    assert service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk("gate-a")).status_code == 404
    assert service.client.get(f"/kiosk/transactions/{tid}", headers=service.kiosk("gate-b")).status_code == 200
    waiting = service.start(cards.holder, gate="gate-b")["transaction_id"]  # in the capture stage
    hijack = service.client.post(f"/kiosk/transactions/{waiting}/frames", headers=service.kiosk("gate-a"),
                                 files=[("frames", ("f.jpg", world.photo("biden.jpg"), "image/jpeg"))])
    assert hijack.status_code == 404
    status = service.client.get(f"/kiosk/transactions/{waiting}", headers=service.kiosk("gate-b")).json()
    assert status["stage"] == "capture" and status["decision"] is None  # untouched by the other gate


def test_sign_out_revokes_that_token_only_and_is_audited(service: Service) -> None:
    client = service.client

    def sign_in() -> dict[str, str]:
        response = client.post("/auth/token", data={"username": "officer", "password": PASSWORD})
        return {"Authorization": f"Bearer {response.json()['access_token']}"}

    desk, tablet = sign_in(), sign_in()
    assert client.post("/auth/sign-out", headers=desk).status_code == 204
    assert client.get("/officer/referrals", headers=desk).status_code == 401  # at once
    assert client.post("/auth/sign-out", headers=desk).status_code == 401  # nothing left to sign out
    assert client.get("/officer/referrals", headers=tablet).status_code == 200  # the other session stays
    assert client.post("/auth/sign-out").status_code == 401
    with service.runtime.db.sessions() as s:
        chain = [AuditRecord.model_validate_json(r.body) for r in AuditRepository(s).chain("gate-01")]
    assert [r.reason_codes for r in chain if r.reason_codes == ("SIGN_OUT",)] == [("SIGN_OUT",)]


def test_revoked_tokens_are_forgotten_once_expired(service: Service) -> None:
    from datetime import UTC, datetime, timedelta

    from gate.store import RevokedTokenRepository

    now = datetime.now(UTC)
    with service.runtime.db.sessions.begin() as s:
        repo = RevokedTokenRepository(s)
        repo.revoke("old", now - timedelta(seconds=1), now)
        assert repo.is_revoked("old")
        repo.revoke("live", now + timedelta(hours=1), now)  # each revocation purges the expired ones
        repo.revoke("live", now + timedelta(hours=1), now)  # idempotent
        assert not repo.is_revoked("old") and repo.is_revoked("live")
