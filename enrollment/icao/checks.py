"""The outcome of one inspection check: passed, failed or not performed, with a stable reason code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CheckStatus = Literal["passed", "failed", "not_performed"]

# The checks of Passive Authentication (ICAO 9303-11 §5.1), in the order the inspection runs them.
PA_CHECKS = ("sod_decode", "ds_certificate_trust", "certificate_validity", "ds_revocation", "sod_signature",
             "data_group_hashes", "com_sod_consistency", "dg1_mrz_match", "issuing_state_match")


@dataclass(frozen=True)
class Check:
    name: str
    status: CheckStatus
    reason_code: str
    detail: str = ""


def passed(name: str, detail: str = "") -> Check:
    return Check(name, "passed", "ok", detail)


def failed(name: str, reason_code: str, detail: str = "") -> Check:
    return Check(name, "failed", reason_code, detail)


def not_performed(name: str, reason_code: str, detail: str = "") -> Check:
    return Check(name, "not_performed", reason_code, detail)
