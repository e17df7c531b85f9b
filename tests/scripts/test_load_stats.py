"""The load run's figures: percentiles, the alternating order of the rounds, per-round ratios and their median,
the warm-up left out of every ratio."""

from __future__ import annotations

import pytest

from scripts.load_stats import (
    PhaseResult,
    build_report,
    median_ratio,
    pct,
    pooled_ratios,
    ratio,
    round_order,
    round_ratios,
    summary_lines,
)

STORE: dict[str, object] = {"chains": 2, "chains_ok": 2, "records": 10, "undecided": 0}


def phase(name: str, latencies: list[float]) -> PhaseResult:
    return PhaseResult(name, 10.0, latencies_s=list(latencies))


def test_percentiles_of_an_evenly_spread_sample() -> None:
    values = [float(v) for v in range(1, 102)]  # 1 … 101: the inclusive percentile q is q + 1
    assert pct(values, 50) == 51.0 and pct(values, 95) == 96.0
    assert pct(list(reversed(values)), 95) == 96.0  # order of arrival does not matter
    assert pct([0.25], 95) == 0.25
    assert pct([], 50) is None


def test_rounds_alternate_their_order() -> None:
    phases = ["clean", "hostile"]
    assert [round_order(phases, n) for n in range(4)] == [phases, phases[::-1], phases, phases[::-1]]
    assert phases == ["clean", "hostile"]  # not reversed in place


@pytest.mark.parametrize(("hostile", "clean"), [(None, 1.0), (1.0, None), (1.0, 0.0), (1.0, -1.0)])
def test_a_ratio_needs_both_figures_and_a_positive_clean_one(hostile: float | None, clean: float | None) -> None:
    assert ratio(hostile, clean) is None


def test_a_round_compares_its_hostile_phase_with_its_clean_phase() -> None:
    clean = [0.1 * n for n in range(1, 21)]
    hostile = [2 * x for x in clean]
    ratios = round_ratios([phase("hostile", hostile), phase("clean", clean)])
    assert ratios == {"p50_ratio": 2.0, "p95_ratio": 2.0}
    assert round_ratios([phase("clean", clean)]) == {"p50_ratio": None, "p95_ratio": None}
    assert round_ratios([phase("clean", []), phase("hostile", hostile)])["p95_ratio"] is None


def test_the_median_leaves_out_rounds_without_a_ratio() -> None:
    assert median_ratio([1.2, None, 3.0, 1.4]) == 1.4
    assert median_ratio([None, None]) is None
    assert median_ratio([]) is None


def test_pooled_ratios_take_every_rounds_latencies_together() -> None:
    rounds = [[phase("clean", [1.0] * 10), phase("hostile", [1.0] * 10)],
              [phase("hostile", [3.0] * 10), phase("clean", [1.0] * 10)]]
    assert pooled_ratios(rounds) == {"p50_ratio": 2.0, "p95_ratio": 3.0}
    assert [round_ratios(r)["p95_ratio"] for r in rounds] == [1.0, 3.0]


def test_the_report_leaves_the_warm_up_out_of_every_ratio() -> None:
    rounds = [[phase("clean", [1.0, 1.0, 1.0]), phase("hostile", [1.5, 1.5, 1.5])],
              [phase("hostile", [1.2, 1.2, 1.2]), phase("clean", [1.0, 1.0, 1.0])],
              [phase("clean", [1.0, 1.0, 1.0]), phase("hostile", [9.0, 9.0, 9.0])]]
    slow_start = phase("warmup", [50.0] * 3)
    report = build_report({"kiosks": 2}, slow_start, rounds, STORE)
    assert report["kiosks"] == 2 and report["rounds"] == 3 and report["store"] == STORE
    assert [r["p95_ratio"] for r in report["round_ratios"]] == [1.5, 1.2, 9.0]  # type: ignore[attr-defined]
    assert report["p95_ratio_hostile_to_clean"] == 1.5  # the median: one bad round does not decide
    assert report["warmup"]["p95_s"] == 50.0  # type: ignore[index]
    assert [(p["round"], p["phase"]) for p in report["phases"]] == [  # type: ignore[attr-defined]
        (1, "clean"), (1, "hostile"), (2, "hostile"), (2, "clean"), (3, "clean"), (3, "hostile")]
    lines = summary_lines(report).splitlines()
    assert len(lines) == 4 and "hostile then clean" in lines[1] and "p95 ratio 1.5" in lines[-1]


def test_a_run_without_a_hostile_phase_has_no_ratio() -> None:
    report = build_report({}, None, [[phase("clean", [1.0, 2.0])]], STORE)
    assert report["warmup"] is None and report["p95_ratio_hostile_to_clean"] is None
    assert "p95 ratio None" in summary_lines(report)


def test_service_cpu_per_transaction_counts_the_worker_and_every_transaction_served() -> None:
    clean = phase("clean", [0.1] * 40)
    clean.cpu = {"service_s": 4.0, "frame_worker_s": 0.0, "load_client_s": 0.5}
    hostile = PhaseResult("hostile", 10.0, latencies_s=[0.1] * 40, hostile_latencies_s=[0.5] * 10)
    hostile.cpu = {"service_s": 5.0, "frame_worker_s": 2.5, "load_client_s": 0.5}
    assert clean.summary()["service_cpu_ms_per_tx"] == 100.0
    assert hostile.summary()["service_cpu_ms_per_tx"] == 150.0  # (5 + 2.5) s over 50 transactions
    assert hostile.summary()["cpu_s"] == hostile.cpu
    assert phase("clean", [0.1]).summary()["service_cpu_ms_per_tx"] is None  # not measured (no /proc)
    report = build_report({}, None, [[clean, hostile]], STORE)
    assert "service CPU ms/tx clean 100.0, hostile 150.0" in summary_lines(report)
