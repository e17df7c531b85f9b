"""``egate demo``: the README's main job — a gate transaction for each of three travellers."""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.panel import Panel
from rich.table import Table

from gate.cli.context import cli_settings
from gate.cli.main import app
from gate.orchestrator import TransactionResult
from gate.steps import Devices
from matcher.errors import MatcherError

console = Console()


def _show(title: str, expected: str, result: TransactionResult, devices: Devices) -> None:
    table = Table("step", "result", show_header=False, box=None, pad_edge=False)
    doc = result.document
    if doc is not None and doc.mrz is not None:
        table.add_row("document", f"{doc.mrz.surname} {doc.mrz.given_names} · {doc.mrz.document_number} · "
                                  f"{doc.mrz.issuing_state} · DG{', DG'.join(map(str, doc.data_groups_read))}")
    if result.quality is not None:
        q = result.quality
        verdict = "[green]pass[/]" if q.passed else "[red]" + ",".join(c.reason for c in q.failures) + "[/]"
        table.add_row("quality", f"{verdict} ({q.profile}) eye distance {q.pose.eye_distance:.0f} px, "
                                 f"yaw {q.pose.yaw:+.1f}°, pitch {q.pose.pitch:+.1f}°, roll {q.pose.roll:+.1f}°")
    if result.pad_score is not None:
        table.add_row("liveness (PAD)", f"attack score {result.pad_score:.3f} (0 bona fide … 1 attack)")
    if result.face is not None:
        f = result.face
        table.add_row("face 1:1", f"distance {f.score:.4f} vs threshold {f.threshold:.4f} at FMR {f.fmr_target:g} "
                                  f"({f.model_id}) → {'[green]match[/]' if f.is_match else '[red]no match[/]'}")
    d = result.decision
    colour = {"OPEN": "green", "REFER": "yellow", "REJECT": "red"}[d.verdict.value]
    reasons = ", ".join(r.value for r in d.reasons) or "all checks passed"
    table.add_row("decision", f"[bold {colour}]{d.verdict.value}[/] — {reasons}")
    table.add_row("exit door", devices.exit_door.state.value)
    table.add_row("time", "  ".join(f"{k} {v:.0f} ms" for k, v in result.timings_ms.items()))
    ok = "[green]as expected[/]" if d.verdict.value == expected else f"[red]expected {expected}[/]"
    console.print(Panel(table, title=f"{title} · {ok}", title_align="left"))


def _timing_table(timings: dict[str, dict[str, list[float]]], repeat: int) -> Table:
    """Median and p95 per step of each traveller's transactions (software time; simulated devices)."""
    table = Table("traveller", "step", "median ms", "p95 ms", title=f"gate decision time over {repeat} runs")
    for title, steps in timings.items():
        for step, samples in steps.items():
            ordered = sorted(samples)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            table.add_row(title if step == next(iter(steps)) else "", step,
                          f"{statistics.median(ordered):.1f}", f"{p95:.1f}")
    return table


@app.command("demo")
def demo(ctx: typer.Context,
         workdir: Annotated[Path | None, typer.Option(help="where the demo keeps its PKI, card and database "
                                                      "(default: $EGATE_HOME/demo; replaced each run)")] = None,
         repeat: Annotated[int, typer.Option(help="run the three transactions this many times "
                                                  "and report decision latency")] = 1) -> None:
    """Issue a chip ID card and run three travellers through a simulated gate (OPEN, REFER, REFER)."""
    from gate.audit import verify_gate
    from gate.demo import DemoDataMissing, now_utc, prepare, run_traveller

    settings = cli_settings(ctx)
    target = workdir or settings.home / "demo"
    console.print(f"[bold]eGate demo[/] · PKI, card and audit database in {target}")
    try:
        runtime, key, travellers = prepare(settings, target, now_utc())
    except (DemoDataMissing, MatcherError) as exc:  # missing samples, models or calibration: say which
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    console.print("Country PKI: CSCA → Document Signer (ECDSA P-256) · card issued: TD1 chip ID, DG1 DG2 DG13 DG15 "
                  "EF.SOD · quality profile [yellow]relaxed[/] (press photos, not gate-camera captures)")
    mismatches = 0
    timings: dict[str, dict[str, list[float]]] = {}
    for n in range(repeat):
        for traveller in travellers:
            result, devices = run_traveller(runtime, key, traveller)
            mismatches += result.decision.verdict.value != traveller.expected
            steps = timings.setdefault(traveller.title, {})
            for step, ms in {**result.timings_ms, "total": sum(result.timings_ms.values())}.items():
                steps.setdefault(step, []).append(ms)
            if n == 0:
                _show(traveller.title, traveller.expected, result, devices)
    report = verify_gate(runtime.db.sessions, runtime.audit.gate_id)
    state = "[green]intact[/]" if report.ok else f"[red]broken at {report.first_bad}[/]"
    console.print(f"Audit chain of {runtime.audit.gate_id}: {report.checked} signed records, {state}")
    if repeat > 1:
        console.print(_timing_table(timings, repeat))
    runtime.db.dispose()
    raise typer.Exit(1 if mismatches or not report.ok else 0)
