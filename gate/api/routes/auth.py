"""Officer sign-in: username and password (OAuth2 password form) for a bearer token; sign-out revokes it."""

from __future__ import annotations

import math
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Request, Security, status
from fastapi.security import OAuth2PasswordRequestForm

from gate.api.deps import ServicesDep, officer_token
from gate.api.errors import responses
from gate.api.schemas import Token
from gate.service.auth import SignInLocked

router = APIRouter(prefix="/auth", tags=["auth"], responses=responses(503))


@router.post("/token", response_model=Token, responses={
    401: {"description": "wrong username or password"},
    429: {"description": "too many failed sign-ins for this username or from this client (Retry-After)"},
})
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], services: ServicesDep,
                request: Request) -> Token:
    client = services.auth.proxies.client(request.client.host if request.client else None,
                                          request.headers.get("x-forwarded-for"))
    signed_in = services.auth.login(form.username, form.password, client)
    if isinstance(signed_in, SignInLocked):
        raise HTTPException(status.HTTP_429_TOO_MANY_REQUESTS, "too many failed sign-ins; try again later",
                            headers={"Retry-After": str(math.ceil(signed_in.retry_after_s))})
    if signed_in is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password",
                            headers={"WWW-Authenticate": "Bearer"})
    token, officer = signed_in
    return Token(access_token=token, expires_in=services.auth.signer.ttl_s, role=officer.role)


@router.post("/sign-out", status_code=status.HTTP_204_NO_CONTENT,
             responses={401: {"description": "no valid token to sign out"}})
def sign_out(services: ServicesDep, token: Annotated[str | None, Security(officer_token)]) -> None:
    """Revoke the bearer token of this request at once (other sessions of the officer stay signed in)."""
    if not token or not services.auth.sign_out(token):
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "sign in first (POST /auth/token)",
                            headers={"WWW-Authenticate": "Bearer"})
