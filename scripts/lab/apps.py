"""The ``egate-lab`` command groups: ``app``, with ``eval`` (accuracy) and ``bench`` (speed) under it.

Command modules add their commands to these and import nothing else of the entry point, so they may
import one another in any order; :mod:`scripts.lab.main` imports every command module."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="egate-lab",
    help="Evaluations and benchmarks of the matching pipelines (not needed to run a gate).",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
eval_app = typer.Typer(help="Accuracy evaluations on standard data sets (DET, EER, FNMR at FMR).",
                       no_args_is_help=True)
bench_app = typer.Typer(help="Speed benchmarks, reported as ratios against a reference run alongside.",
                        no_args_is_help=True)
app.add_typer(eval_app, name="eval")
app.add_typer(bench_app, name="bench")


@app.callback()
def _configure(ctx: typer.Context) -> None:
    """Settings read once for this invocation; logs never show local variables (a traceback would
    otherwise print images and templates)."""
    from gate.cli.context import remember_settings
    from gate.logging import configure_logging

    configure_logging()
    remember_settings(ctx)
