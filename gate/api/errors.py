"""The one place where domain errors become HTTP responses (``{"detail": ..., "code": ...}``).

Services raise :mod:`gate.service.errors` and the store's errors; nothing below the routes knows
about status codes. Messages name ids and limits only, never biometric data.
"""

from __future__ import annotations

from fastapi import FastAPI, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from gate.service import ConflictError, DatabaseUnavailable, NotFoundError, StoreError
from gate.service.desk_errors import DeskConflict, DeskForbidden, DeskUnavailable
from gate.service.errors import (
    FrameDecodeBusy,
    InvalidRequest,
    InvalidUpload,
    NotAwaitingFrames,
    SecondLineOnly,
    ServiceError,
    UnsupportedUpload,
    UploadTooLarge,
)
from gate.service.lanes_control import LaneClosed, NotAdmitted

STATUS: dict[type[Exception], int] = {
    UploadTooLarge: status.HTTP_413_CONTENT_TOO_LARGE,
    UnsupportedUpload: status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
    InvalidUpload: status.HTTP_422_UNPROCESSABLE_CONTENT,
    InvalidRequest: status.HTTP_422_UNPROCESSABLE_CONTENT,
    NotAwaitingFrames: status.HTTP_409_CONFLICT,
    SecondLineOnly: status.HTTP_403_FORBIDDEN,
    LaneClosed: status.HTTP_409_CONFLICT,
    NotAdmitted: status.HTTP_409_CONFLICT,
    DeskForbidden: status.HTTP_403_FORBIDDEN,
    DeskConflict: status.HTTP_409_CONFLICT,
    DeskUnavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
    NotFoundError: status.HTTP_404_NOT_FOUND,
    ConflictError: status.HTTP_409_CONFLICT,
    DatabaseUnavailable: status.HTTP_503_SERVICE_UNAVAILABLE,
    FrameDecodeBusy: status.HTTP_503_SERVICE_UNAVAILABLE,
}


def status_of(exc: Exception) -> int:
    for kind in type(exc).__mro__:
        if kind in STATUS:
            return STATUS[kind]
    return status.HTTP_500_INTERNAL_SERVER_ERROR


async def _handle(_request: Request, exc: Exception) -> JSONResponse:
    code = getattr(exc, "code", "ERROR")
    status_code = status_of(exc)
    if status_code == status.HTTP_503_SERVICE_UNAVAILABLE:  # the gate stays closed; the kiosk retries
        return JSONResponse({"detail": "the gate service is temporarily unavailable", "code": code},
                            status_code=status_code, headers={"Retry-After": "5"})
    if status_code == status.HTTP_422_UNPROCESSABLE_CONTENT:  # one shape for every 422: the validation error's
        problems = getattr(exc, "problems", None)  # the desk's: one entry per code, at its field
        detail = [{"loc": ["body", p.field] if p.field else ["body"], "msg": p.code, "type": p.code}
                  for p in problems] if problems else [{"loc": ["body"], "msg": str(exc), "type": code}]
        return JSONResponse({"detail": detail, "code": code}, status_code=status_code)
    return JSONResponse({"detail": str(exc), "code": code}, status_code=status_code)


async def _invalid(_request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's 422, without echoing the submitted values (a card file holds the chip's face image)."""
    assert isinstance(exc, RequestValidationError)
    detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")} for e in exc.errors()]
    return JSONResponse({"detail": detail}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)


async def _http(request: Request, exc: Exception) -> JSONResponse:
    """FastAPI's own HTTP errors as they are, except its undocumented 400 for a body it could not parse
    (nested too deep, not UTF-8): that is a 422 in the documented validation-error shape."""
    assert isinstance(exc, HTTPException)
    if exc.status_code == status.HTTP_400_BAD_REQUEST:
        return JSONResponse({"detail": [{"loc": ["body"], "msg": "the request body could not be parsed",
                                         "type": "body_invalid"}]}, status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ServiceError, _handle)
    app.add_exception_handler(StoreError, _handle)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(HTTPException, _http)


def responses(*codes: int) -> dict[int | str, dict[str, object]]:
    """OpenAPI ``responses`` entries for the error codes a route may return."""
    from gate.api.schemas import Problem

    return {code: {"model": Problem} for code in codes}
