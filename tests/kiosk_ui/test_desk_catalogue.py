"""Every code the desk can answer has a message in both catalogues: the desk's domain and service codes,
the capture gates' (face quality criteria, fingerprint and iris errors and quality), the API's own; the
DG13 field codes (``FULL_NAME_REQUIRED``) through the field's name and the generic message, as desk-core.js
resolves them. Every desk key exists in both languages and no Vietnamese message is left in English."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from enrollment.desk.demographics import FIELDS
from gate.service.errors import ServiceError
from gate.store.errors import StoreError
from matcher.errors import MatcherError

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = ROOT / "kiosk_ui" / "static" / "i18n"
SOURCES = ("enrollment/desk/*.py", "gate/service/desk*.py", "matcher/face/quality.py", "matcher/iris/quality.py")
PAGE_CODES = {"UNEXPECTED", "SESSION_EXPIRED", "SIGN_IN_FAILED", "SIGN_IN_THROTTLED", "NETWORK",
              "SERVICE_UNAVAILABLE"}  # the page's own (desk-core.js): no answer, or a bare 401/429/5xx
FIELD_SUFFIXES = ("_REQUIRED", "_TOO_LONG", "_INVALID")


OTHER_STATIONS = ("gate.service.lanes", "gate.service.stop_list", "gate.service.referral")  # never at the desk
NOT_AT_DESK = {"SECOND_LINE_ONLY", "FRAME_DECODE_BUSY"}  # the second-line officer's, the kiosk's frames


def _subclass_codes(base: type) -> set[str]:
    found, todo = set(), [base]
    while todo:
        kind = todo.pop()
        if not kind.__module__.startswith(OTHER_STATIONS):
            found.add(str(kind.code))  # type: ignore[attr-defined]
        todo += kind.__subclasses__()
    return found - NOT_AT_DESK


def desk_codes() -> set[str]:
    import matcher.finger.errors  # their subclasses register
    import matcher.iris.errors  # noqa: F401

    codes: set[str] = set()
    for pattern in SOURCES:
        for path in ROOT.glob(pattern):
            if path.name.startswith(("packet", "outbox")):  # the registry link's codes, never shown at the desk
                continue
            codes |= set(re.findall(r'"([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[A-Z]{3,})"', path.read_text()))
    codes |= _subclass_codes(MatcherError) | _subclass_codes(ServiceError) | _subclass_codes(StoreError)
    codes |= {f"{name.upper()}{suffix}" for name in FIELDS for suffix in FIELD_SUFFIXES}
    return (codes | PAGE_CODES) - {"VNM", "NFC", "NFD", "GET", "POST"}  # a nationality, Unicode forms, HTTP methods


def catalogue(lang: str) -> dict[str, str]:
    return dict(json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8")))


def resolves(messages: dict[str, str], code: str) -> bool:
    """desk-core.js codeMessage: the code's own key, else a DG13 field's generic message."""
    if f"desk.code.{code}" in messages:
        return True
    suffix = next((s for s in FIELD_SUFFIXES if code.endswith(s)), None)
    field = code[: -len(suffix)].lower() if suffix else ""
    return bool(suffix) and f"desk.field.{field}" in messages and f"desk.code.FIELD{suffix}" in messages


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_desk_code_has_a_message(lang: str) -> None:
    codes = desk_codes()
    assert {"BIRTH_DATE_INVALID", "EXPIRY_DATE_PAST", "MULTIPLE_FACES", "NO_FACE", "EYE_DISTANCE_LOW", "YAW",
            "NFIQ2_LOW", "IRIS_AT_EDGE", "QUALITY_RETRIES_EXHAUSTED", "FOUR_EYES_REQUIRED", "SCANNER_EMPTY",
            "REGISTRY_UNAVAILABLE", "DESK_QUEUE_FULL", "FULL_NAME_REQUIRED"} <= codes  # the enumeration does find them
    messages = catalogue(lang)
    assert sorted(c for c in codes if not resolves(messages, c)) == []


def test_both_catalogues_hold_the_same_desk_keys_in_their_own_language() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    desk_vi = {k for k in vi if k.startswith("desk.")}
    assert desk_vi == {k for k in en if k.startswith("desk.")}
    placeholders = re.compile(r"\{(\w+)\}")
    for key in desk_vi:
        assert set(placeholders.findall(vi[key])) == set(placeholders.findall(en[key])), key
    same = {k for k in desk_vi if vi[k] == en[k] and not k.startswith("desk.lang")}
    assert len(same) <= 5, sorted(same)  # names and acronyms only (e.g. "Tiếng Việt" / "English")
