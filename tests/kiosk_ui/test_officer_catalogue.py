"""Every reason the gate can give has a name in the officer's language: the console shows
"Khuôn mặt không khớp (FACE_MISMATCH)", never the bare code, in Vietnamese and in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gate.policy import Reason

CATALOGUES = Path(__file__).resolve().parents[2] / "kiosk_ui" / "static" / "i18n"


def catalogue(lang: str) -> dict[str, str]:
    return dict(json.loads((CATALOGUES / f"{lang}.json").read_text(encoding="utf-8")))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_gate_reason_has_a_name(lang: str) -> None:
    messages = catalogue(lang)
    missing = [r.value for r in Reason if not messages.get(f"officer.gate_reason.{r.value}", "").strip()]
    assert missing == []


def test_the_names_are_translated_and_none_is_stale() -> None:
    vi, en = catalogue("vi"), catalogue("en")
    keys = {k for k in vi if k.startswith("officer.gate_reason.")}
    assert keys == {k for k in en if k.startswith("officer.gate_reason.")}
    assert keys == {f"officer.gate_reason.{r.value}" for r in Reason}
    assert all(vi[k] != en[k] for k in keys)
