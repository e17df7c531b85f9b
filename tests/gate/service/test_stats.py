"""The shift in numbers on a known set of transactions and referrals (both backends): counts per hour and
lane, verdict rates, referral reasons, time to the officer's decision, FMR from stored shadow tallies and
FNMR from admitted face mismatches; every table as CSV; bad periods refused."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import pytest

from gate.service.errors import InvalidRequest
from gate.service.stats import Period, StatsService
from gate.service.stats_csv import TABLES, to_csv
from gate.store import Database
from gate.store.models import GateRow, ReferralRow, TransactionRow
from gate.store.shift_models import ShadowTallyRow

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def seed(db: Database) -> None:
    """Lane A: 08:05 OPEN, 08:40 REFER (face mismatch, admitted after 120 s), 09:10 OPEN, 09:20 REJECT,
    09:50 undecided. Lane B: 08:15 REFER (PAD alarm + face mismatch, refused after 60 s), 08:30 REFER (face
    mismatch, still open), 10:30 OPEN (outside 08:00-10:00). 07:59 on lane A is outside as well."""
    rows = [("a1", "A", 5, "OPEN", []), ("a2", "A", 40, "REFER", ["FACE_MISMATCH"]), ("a3", "A", 70, "OPEN", []),
            ("a4", "A", 80, "REJECT", ["DOCUMENT_EXPIRED"]), ("a5", "A", 110, None, []),
            ("b1", "B", 15, "REFER", ["PAD_ALARM", "FACE_MISMATCH"]), ("b2", "B", 30, "REFER", ["FACE_MISMATCH"]),
            ("b3", "B", 150, "OPEN", []), ("a0", "A", -1, "OPEN", [])]
    referrals = [("a2", 40, 42, "admit"), ("b1", 15, 16, "refuse"), ("b2", 30, None, None)]
    with db.sessions.begin() as s:
        s.add_all([GateRow(id="A", name="Lane A", created_at=T0), GateRow(id="B", name="Lane B", created_at=T0),
                   GateRow(id="C", name="Lane C", created_at=T0)])
        s.flush()
        s.add_all(TransactionRow(id=tid, gate_id=gate, state="decided" if d else "capture", decision=d, reasons=r,
                                 created_at=at(m), updated_at=at(m), decided_at=at(m) if d else None)
                  for tid, gate, m, d, r in rows)
        s.flush()
        reasons = {tid: r for tid, _, _, _, r in rows}
        s.add_all(ReferralRow(transaction_id=tid, status="decided" if verdict else "open", reasons=reasons[tid],
                              created_at=at(made), decided_at=None if done is None else at(done), verdict=verdict)
                  for tid, made, done, verdict in referrals)
        s.add_all(ShadowTallyRow(created_at=at(m), model_id="m1", fmr_target=t, comparisons=n, false_matches=x)
                  for m, t, n, x in ((10, 0.001, 500, 0), (70, 0.001, 500, 1), (71, 0.01, 100, 2), (-5, 0.001, 999, 9)))


def test_the_shift_in_numbers(db: Database) -> None:
    seed(db)
    stats = StatsService(db).shift(Period(T0, at(120)))
    per_hour = {(h.gate_id, h.hour.hour): h.transactions for h in stats.per_hour}
    assert per_hour == {("A", 8): 2, ("A", 9): 3, ("B", 8): 2, ("B", 9): 0, ("C", 8): 0, ("C", 9): 0}
    verdicts = {v.gate_id: (v.open, v.refer, v.reject, v.undecided) for v in stats.verdicts}
    assert verdicts == {"A": (2, 1, 1, 1), "B": (0, 2, 0, 0), "C": (0, 0, 0, 0), "*": (2, 3, 1, 1)}
    every = stats.verdicts[-1]
    assert (every.rate(every.open), every.rate(every.refer), every.rate(every.reject)) == (2 / 6, 3 / 6, 1 / 6)
    assert stats.referral_reasons == [("FACE_MISMATCH", 3), ("PAD_ALARM", 1)]
    assert (stats.officer.decided, stats.officer.mean_s, stats.officer.max_s) == (2, 90.0, 120.0)
    fmr = {f.fmr_target: (f.estimate.errors, f.estimate.trials) for f in stats.fmr}
    assert fmr == {0.001: (1, 1000), 0.01: (2, 100)}
    assert all(f.estimate.upper is not None and f.estimate.upper > f.estimate.rate for f in stats.fmr)  # type: ignore[operator]
    # FNMR: one face mismatch admitted (a2) of two OPEN + that one; b1 was refused, b2 is undecided
    assert (stats.fnmr.errors, stats.fnmr.trials, stats.fnmr.rate) == (1, 3, 1 / 3)


def test_an_empty_period_has_no_rates(db: Database) -> None:
    seed(db)
    stats = StatsService(db).shift(Period(at(-600), at(-300)))
    assert stats.verdicts[-1].rate(0) is None and stats.fnmr.rate is None and stats.fnmr.upper is None
    assert stats.fmr == [] and stats.officer.mean_s is None and stats.referral_reasons == []
    assert {h.transactions for h in stats.per_hour} == {0} and len(stats.per_hour) == 3 * 5


def test_every_table_exports_as_csv(db: Database) -> None:
    seed(db)
    stats = StatsService(db).shift(Period(T0, at(120)))
    tables = {name: list(csv.reader(io.StringIO(to_csv(stats, name)))) for name in TABLES}
    assert tables["per-hour"][0] == ["gate_id", "hour_start_utc", "transactions"]
    assert ["A", "2026-12-01T09:00:00+00:00", "3"] in tables["per-hour"]
    assert tables["verdicts"][-1] == ["*", "2", "3", "1", "1", "0.333333", "0.5", "0.166667"]
    assert tables["reasons"] == [["reason", "referrals"], ["FACE_MISMATCH", "3"], ["PAD_ALARM", "1"]]
    assert tables["officer"][1] == ["2", "90", "120"]
    fnmr = tables["accuracy"][-1]
    assert fnmr[0] == "FNMR_officer_admitted_face_mismatch" and fnmr[3:6] == ["1", "3", "0.333333"]
    zero = next(r for r in tables["accuracy"] if r[2] == "0.001")
    assert zero[3:6] == ["1", "1000", "0.001"] and float(zero[6]) == pytest.approx(0.004735, rel=1e-3)


@pytest.mark.parametrize(("start", "end"), [
    (at(60), at(0)), (at(0), at(0)), (T0, T0 + timedelta(days=32)), (T0.replace(tzinfo=None), at(60))])
def test_bad_periods_are_refused(start: datetime, end: datetime) -> None:
    with pytest.raises(InvalidRequest):
        Period(start, end)
