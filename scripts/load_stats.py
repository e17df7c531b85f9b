"""Figures of a load run (:mod:`scripts.load_kiosks`): one phase's latencies and outcomes, the order of the
phases in each round, and the hostile-to-clean ratios per round, their median and over all rounds pooled.

One run's p95 moves by a factor of three between runs of the same code on the same machine, so a single
clean/hostile pair says little. Several rounds, each a clean and a hostile phase, give one ratio each; the
median of those is what the issue's target is judged on. Rounds alternate the order of their phases
(clean first, then hostile first, …) so that a slow drift of the whole run (the database growing, the
machine warming) does not always count against the same phase.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from scripts.percentiles import rounded_percentile as pct

__all__ = ["PhaseResult", "build_report", "median_ratio", "pct", "pooled_ratios", "ratio", "round_order",
           "round_ratios", "summary_lines"]


@dataclass
class PhaseResult:
    phase: str
    duration_s: float
    latencies_s: list[float] = field(default_factory=list)
    decisions: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    hostile_latencies_s: list[float] = field(default_factory=list)
    hostile_outcomes: Counter[str] = field(default_factory=Counter)  # the hostile gate's; not travellers' errors
    cpu: dict[str, float | None] | None = None  # CPU seconds per consumer over the phase (scripts.proc_cpu)

    def summary(self) -> dict[str, object]:
        lat = sorted(self.latencies_s)
        hostile = sorted(self.hostile_latencies_s)
        return {"phase": self.phase, "transactions": len(lat), "tx_per_s": round(len(lat) / self.duration_s, 2),
                "p50_s": pct(lat, 50), "p95_s": pct(lat, 95), "max_s": round(lat[-1], 3) if lat else None,
                "errors": sum(self.errors.values()), "error_kinds": dict(self.errors),
                "decisions": dict(self.decisions), "hostile_frames": len(hostile),
                "hostile_p50_s": pct(hostile, 50), "hostile_p95_s": pct(hostile, 95),
                "hostile_outcomes": dict(self.hostile_outcomes), "cpu_s": self.cpu,
                "service_cpu_ms_per_tx": _per_tx_ms(self.cpu, len(lat) + len(hostile) + sum(self.errors.values()))}


def _per_tx_ms(cpu: dict[str, float | None] | None, transactions: int) -> float | None:
    """The service's and its frame worker's CPU per transaction attempted (travellers', failed ones included,
    and the hostile gate's)."""
    if not cpu or not transactions or cpu.get("service_s") is None:
        return None
    return round(((cpu["service_s"] or 0.0) + (cpu.get("frame_worker_s") or 0.0)) * 1000 / transactions, 1)


def round_order(phases: Sequence[str], round_index: int) -> list[str]:
    """The phases of round ``round_index`` (0-based): as given in even rounds, reversed in odd ones."""
    return list(phases) if round_index % 2 == 0 else list(reversed(phases))


def ratio(hostile: float | None, clean: float | None) -> float | None:
    """hostile / clean, rounded; None when either is missing or clean is not positive."""
    if hostile is None or clean is None or clean <= 0:
        return None
    return round(hostile / clean, 2)


def round_ratios(results: Sequence[PhaseResult]) -> dict[str, float | None]:
    """The p50 and p95 ratios of one round's hostile phase to its clean phase (None without both)."""
    clean = [r for r in results if r.phase == "clean"]
    hostile = [r for r in results if r.phase == "hostile"]
    return _ratios(pooled(clean), pooled(hostile))


def pooled_ratios(rounds: Sequence[Sequence[PhaseResult]]) -> dict[str, float | None]:
    """The ratios over every round's latencies pooled per phase kind."""
    every = [r for results in rounds for r in results]
    return _ratios(pooled([r for r in every if r.phase == "clean"]),
                   pooled([r for r in every if r.phase == "hostile"]))


def pooled(results: Sequence[PhaseResult]) -> list[float]:
    return [x for r in results for x in r.latencies_s]


def median_ratio(values: Sequence[float | None]) -> float | None:
    """The median of the rounds' ratios that exist; None when no round has one."""
    present = [v for v in values if v is not None]
    return round(statistics.median(present), 2) if present else None


def build_report(config: dict[str, object], warmup: PhaseResult | None, rounds: Sequence[Sequence[PhaseResult]],
                 store: dict[str, object]) -> dict[str, object]:
    """The run's JSON: its settings, the warm-up (not in any ratio), every phase, each round's ratios and the
    median of those (``p95_ratio_hostile_to_clean``: the issue's figure), the pooled ratios, the store check."""
    ratios = [round_ratios(results) for results in rounds]
    per_round = [{"round": n, "order": [r.phase for r in results], **ratio}
                 for n, (results, ratio) in enumerate(zip(rounds, ratios, strict=True), 1)]
    return {**config, "rounds": len(rounds), "warmup": warmup.summary() if warmup is not None else None,
            "phases": [{"round": n, **r.summary()} for n, results in enumerate(rounds, 1) for r in results],
            "round_ratios": per_round,
            "p95_ratio_hostile_to_clean": median_ratio([r["p95_ratio"] for r in ratios]),
            "p50_ratio_hostile_to_clean": median_ratio([r["p50_ratio"] for r in ratios]),
            "pooled": pooled_ratios(rounds), "store": store}


def summary_lines(report: dict[str, object]) -> str:
    """One line per round and one for the median, for the terminal."""
    phases = report["phases"]
    per_round = report["round_ratios"]
    assert isinstance(phases, list) and isinstance(per_round, list)
    lines = []
    for r in per_round:
        p95 = {p["phase"]: p["p95_s"] for p in phases if p["round"] == r["round"]}
        cpu = {p["phase"]: p.get("service_cpu_ms_per_tx") for p in phases if p["round"] == r["round"]}
        lines.append(f"round {r['round']} ({' then '.join(r['order'])}): p95 clean {p95.get('clean')} s, "
                     f"hostile {p95.get('hostile')} s: ratio p95 {r['p95_ratio']}, p50 {r['p50_ratio']}; "
                     f"service CPU ms/tx clean {cpu.get('clean')}, hostile {cpu.get('hostile')}")
    lines.append(f"median over {report['rounds']} round(s): p95 ratio {report['p95_ratio_hostile_to_clean']} "
                 f"(target <= 1.5), p50 ratio {report['p50_ratio_hostile_to_clean']}; pooled {report['pooled']}")
    return "\n".join(lines)


def _ratios(clean: list[float], hostile: list[float]) -> dict[str, float | None]:
    return {"p50_ratio": ratio(pct(hostile, 50), pct(clean, 50)),
            "p95_ratio": ratio(pct(hostile, 95), pct(clean, 95))}
