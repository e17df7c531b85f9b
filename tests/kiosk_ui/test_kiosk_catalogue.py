"""The gate sends the kiosk codes, never sentences, and the page has a message for every one of them, in
Vietnamese and in English: the error codes a kiosk route can answer (enumerated from the OpenAPI document
and from every domain error there is), the guidance codes and the verdicts."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi import FastAPI, status
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException

import kiosk_ui
from gate.api.kiosk_schemas import KIOSK_ERROR_CODES
from gate.api.routes import kiosk, kiosk_capture, kiosk_device
from gate.api.routes.kiosk_errors import problem
from gate.service import StoreError
from gate.service.errors import ServiceError
from gate.service.frame_coach import ORDER
from tests.gate.api.small_face import blank
from tests.kiosk_ui.fake_camera import write_y4m
from tests.kiosk_ui.kiosk_browser import chromium_with_camera
from tests.kiosk_ui.scripted_gate import ScriptedGate

CATALOGUES = Path(kiosk_ui.__file__).parent / "static" / "i18n"
LANGS = ("vi", "en")


def catalogue(lang: str) -> dict[str, str]:
    loaded: dict[str, str] = json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8"))
    return loaded


def _kiosk_openapi() -> dict[str, object]:
    app = FastAPI()
    for module in (kiosk, kiosk_capture, kiosk_device):
        app.include_router(module.router)
    return app.openapi()


def _subclasses(kind: type[Exception]) -> list[type[Exception]]:
    found = [kind]
    for sub in kind.__subclasses__():
        found += _subclasses(sub)
    return found


def test_the_openapi_documents_every_kiosk_error_as_a_code() -> None:
    schema = _kiosk_openapi()
    components = schema["components"]["schemas"]  # type: ignore[index]
    assert components["KioskProblem"]["properties"]["code"]["enum"] == list(KIOSK_ERROR_CODES)
    assert "detail" not in components["KioskProblem"]["properties"]  # no sentence
    for path, operations in schema["paths"].items():  # type: ignore[attr-defined]
        for method, operation in operations.items():
            for code, answer in operation["responses"].items():
                if code.startswith(("4", "5")):
                    ref = answer["content"]["application/json"]["schema"]["$ref"]
                    assert ref.endswith("/KioskProblem"), f"{method} {path} {code}"
    assert "guidance" not in components["KioskTransaction"]["properties"]


def test_every_error_a_kiosk_route_can_raise_becomes_a_documented_code() -> None:
    kinds = (*_subclasses(ServiceError), *_subclasses(StoreError))  # the desk's errors reach only the desk's routes
    raised: list[Exception] = [kind("a sentence that must not reach the kiosk") for kind in kinds
                               if not kind.__module__.startswith("gate.service.desk")]
    raised += [HTTPException(s) for s in (400, 401, 403, 404, 405, 409, 413, 415, 429, 500, 503)]
    raised += [RequestValidationError([{"loc": ("body", "birth_date"), "msg": "bad", "type": "x"}]),
               RuntimeError("boom")]
    for exc in raised:
        response = problem(exc)
        text = bytes(response.body).decode()
        body = json.loads(text)
        assert set(body) == {"code", "params"} and body["code"] in KIOSK_ERROR_CODES, exc
        assert "sentence" not in text and "boom" not in text
        if response.status_code == status.HTTP_503_SERVICE_UNAVAILABLE:
            assert response.headers["retry-after"] == "5"


def test_every_code_has_a_message_in_both_languages() -> None:
    needed = [f"error.{code}" for code in KIOSK_ERROR_CODES] + ["error.CAMERA", "error.GENERIC", "reading",
                                                                 "deciding", "capture.retry", "guidance.UNKNOWN"]
    needed += [f"guidance.{code}" for code in ORDER]
    needed += [f"result.{verdict}.{part}" for verdict in ("OPEN", "REFER", "REJECT") for part in ("title", "text")]
    for lang in LANGS:
        messages = catalogue(lang)
        missing = [key for key in needed if not messages.get(key, "").strip()]
        assert missing == [], f"{lang}: {missing}"
    assert catalogue("vi").keys() == catalogue("en").keys()


def test_the_vietnamese_addresses_the_traveller_politely() -> None:
    vi = catalogue("vi")
    staff = ("lang.", "officer.", "desk.")  # the officer's and the clerk's screens are not the traveller's
    texts = {key: value for key, value in vi.items() if not key.startswith(staff)}
    assert not [k for k, v in texts.items() if re.search(r"\b(bạn|anh|chị|em)\b", v, re.IGNORECASE)]
    assert not [k for k, v in texts.items() if "quý khách" in v]  # always capitalised: "Quý khách"
    assert all("Quý khách" in vi[f"guidance.{code}"] for code in ORDER if code != "MULTIPLE_FACES")
    assert "Quý khách" in vi["error.LANE_CLOSED"] and "làn khác" in vi["error.LANE_CLOSED"]
    assert all(v != catalogue("en")[k] for k, v in texts.items())  # translated, not left in English


def test_the_page_words_every_code_from_the_catalogue(tmp_path: Path) -> None:
    video = write_y4m(tmp_path / "blank.y4m", [(blank(), 3)])
    with chromium_with_camera(video) as browser:
        context = browser.new_context()
        page = ScriptedGate(context).open(context)
        keys = page.evaluate("""(codes) => codes.map((code) => errorKey(new HttpError(409, code)))""",
                             list(KIOSK_ERROR_CODES))
        assert keys == [f"error.{code}" for code in KIOSK_ERROR_CODES]
        fallback = page.evaluate("""() => [errorKey(new HttpError(503, "")), errorKey(new HttpError(401, "X")),
            errorKey(new HttpError(418, "TEAPOT")), errorKey({ name: "NotAllowedError" }), errorKey(new Error())]""")
        assert fallback == ["error.SERVICE_UNAVAILABLE", "error.NOT_PROVISIONED", "error.GENERIC", "error.CAMERA",
                            "error.GENERIC"]
        shown = page.evaluate("(codes) => codes.map((code) => t(`error.${code}`))", list(KIOSK_ERROR_CODES))
        assert shown == [catalogue("vi")[f"error.{code}"] for code in KIOSK_ERROR_CODES]
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_no_stale_keys(lang: str) -> None:
    """Every kiosk key is used by the page (kiosk.html, kiosk*.js) or is the message of a code (the officer's and
    the desk's keys belong to their own pages)."""
    static = CATALOGUES.parent
    page = "".join((static / name).read_text(encoding="utf-8") for name in ("kiosk.html", "kiosk.js", "kiosk-icons.js"))
    codes = {f"error.{c}" for c in KIOSK_ERROR_CODES} | {f"guidance.{c}" for c in ORDER}
    unused = [key for key in catalogue(lang) if key not in page and key not in codes
              and not key.startswith(("result.", "guidance.", "error.", "officer.", "desk."))]
    assert unused == []
