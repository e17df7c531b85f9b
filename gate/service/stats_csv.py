"""Every table of the shift statistics as CSV (RFC 4180, header row, ISO 8601 UTC times, rates as
fractions): what the statistics page offers for download."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence

from gate.service.stats import ShiftStats
from gate.service.stats_bounds import RateEstimate

Row = Sequence[object]


def _per_hour(stats: ShiftStats) -> Iterable[Row]:
    yield "gate_id", "hour_start_utc", "transactions"
    for lane in stats.per_hour:
        yield lane.gate_id, lane.hour.isoformat(), lane.transactions


def _verdicts(stats: ShiftStats) -> Iterable[Row]:
    yield "gate_id", "open", "refer", "reject", "undecided", "open_rate", "refer_rate", "reject_rate"
    for v in stats.verdicts:
        yield (v.gate_id, v.open, v.refer, v.reject, v.undecided,
               *(_number(v.rate(n)) for n in (v.open, v.refer, v.reject)))


def _reasons(stats: ShiftStats) -> Iterable[Row]:
    yield "reason", "referrals"
    yield from stats.referral_reasons


def _officer(stats: ShiftStats) -> Iterable[Row]:
    yield "decided_referrals", "mean_seconds_to_decision", "max_seconds_to_decision"
    yield stats.officer.decided, _number(stats.officer.mean_s), _number(stats.officer.max_s)


def _accuracy(stats: ShiftStats) -> Iterable[Row]:
    yield "measure", "model_id", "fmr_target", "errors", "trials", "rate", "upper_bound", "confidence"
    for f in stats.fmr:
        yield ("FMR_shadow_impostors", f.model_id, f"{f.fmr_target:g}", *_estimate(f.estimate))
    yield ("FNMR_officer_admitted_face_mismatch", "", "", *_estimate(stats.fnmr))


TABLES: dict[str, Callable[[ShiftStats], Iterable[Row]]] = {
    "per-hour": _per_hour, "verdicts": _verdicts, "reasons": _reasons, "officer": _officer,
    "accuracy": _accuracy,
}


def to_csv(stats: ShiftStats, table: str) -> str:
    """``table``: one of :data:`TABLES` (KeyError otherwise)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(TABLES[table](stats))
    return out.getvalue()


def _estimate(e: RateEstimate) -> Row:
    return e.errors, e.trials, _number(e.rate), _number(e.upper), f"{e.confidence:g}"


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"
