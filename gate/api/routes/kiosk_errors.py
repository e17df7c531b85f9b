"""A kiosk is answered with codes only: every error of a kiosk route becomes a :class:`KioskProblem`
(``{"code": ..., "params": {...}}``), never an English sentence; the page holds the localised messages.

The routes of the three kiosk routers use :class:`KioskRoute`, which catches what the route, its dependencies
(the device credential) and its request validation raise. A code outside :data:`KIOSK_ERROR_CODES` (a new
domain error) is answered with the code of its HTTP status, so the page always has a message for it.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import structlog
from fastapi import Request, Response, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException

from gate.api.errors import status_of
from gate.api.kiosk_schemas import KIOSK_ERROR_CODES, KioskProblem
from gate.service import StoreError
from gate.service.errors import ServiceError

log = structlog.get_logger(__name__)
BY_STATUS = {401: "NOT_PROVISIONED", 404: "NOT_FOUND", 409: "CONFLICT", 413: "UPLOAD_TOO_LARGE",
             415: "UNSUPPORTED_MEDIA_TYPE", 422: "INVALID_REQUEST", 503: "SERVICE_UNAVAILABLE"}


class KioskRefusal(Exception):
    """A kiosk route's own refusal: an HTTP status and a code of :data:`KIOSK_ERROR_CODES`."""

    def __init__(self, status_code: int, code: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(code)
        self.status_code, self.code, self.headers = status_code, code, headers


def _code_for(status_code: int, code: str | None = None) -> str:
    if code in KIOSK_ERROR_CODES:
        return code
    if status_code in BY_STATUS:
        return BY_STATUS[status_code]
    return "INVALID_REQUEST" if status_code < 500 else "INTERNAL_ERROR"


def _answer(status_code: int, code: str, params: dict[str, str | int] | None = None,
            headers: dict[str, str] | None = None) -> JSONResponse:
    body = KioskProblem(code=code, params=params or {})  # type: ignore[arg-type]  # checked by _code_for
    if status_code == status.HTTP_503_SERVICE_UNAVAILABLE:  # the gate stays closed; the kiosk retries
        headers = {**(headers or {}), "Retry-After": "5"}
    return JSONResponse(body.model_dump(), status_code=status_code, headers=headers)


def problem(exc: Exception) -> JSONResponse:
    """The kiosk's answer to ``exc``: its status and code; no message, no submitted value echoed."""
    if isinstance(exc, KioskRefusal):
        return _answer(exc.status_code, _code_for(exc.status_code, exc.code), headers=exc.headers)
    if isinstance(exc, RequestValidationError):
        errors = exc.errors()
        field = ".".join(str(part) for part in errors[0].get("loc", ())) if errors else "body"
        return _answer(status.HTTP_422_UNPROCESSABLE_CONTENT, "INVALID_REQUEST", {"field": field})
    if isinstance(exc, HTTPException):
        if exc.status_code == status.HTTP_400_BAD_REQUEST:  # a body FastAPI could not parse
            return _answer(status.HTTP_422_UNPROCESSABLE_CONTENT, "INVALID_REQUEST", {"field": "body"})
        return _answer(exc.status_code, _code_for(exc.status_code), headers=dict(exc.headers or {}))
    if isinstance(exc, ServiceError | StoreError):
        status_code = status_of(exc)
        return _answer(status_code, _code_for(status_code, getattr(exc, "code", None)))
    log.exception("kiosk_request_failed", error=type(exc).__name__)
    return _answer(status.HTTP_500_INTERNAL_SERVER_ERROR, "INTERNAL_ERROR")


class KioskRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answered_with_codes(request: Request) -> Response:
            try:
                return await handler(request)
            except Exception as exc:
                return problem(exc)

        return answered_with_codes


def kiosk_responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries of a kiosk route: each error is a :class:`KioskProblem`."""
    return {code: {"model": KioskProblem, "description": "an error code (see KioskProblem)"} for code in codes}
