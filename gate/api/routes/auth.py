"""Officer sign-in: username and password (OAuth2 password form) for a bearer token."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, status
from fastapi.security import OAuth2PasswordRequestForm

from gate.api.deps import ServicesDep
from gate.api.schemas import Token

router = APIRouter(prefix="/auth", tags=["auth"])


@router.post("/token", response_model=Token, responses={401: {"description": "wrong username or password"}})
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], services: ServicesDep) -> Token:
    signed_in = services.auth.login(form.username, form.password)
    if signed_in is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "wrong username or password",
                            headers={"WWW-Authenticate": "Bearer"})
    token, officer = signed_in
    return Token(access_token=token, expires_in=services.auth.signer.ttl_s, role=officer.role)
