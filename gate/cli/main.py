"""``egate``: the one command-line entry point. Each capability registers its commands here.

Command modules stay thin: parse options, call the library, print with rich. Long evaluations live in
their own modules (``eval_*``, ``bench_*``) and are run by hand or by scripts, never by the test suite.
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="egate",
    help="Biometric border-gate verification: chip reading, face and fingerprint matching, audited decisions.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)
eval_app = typer.Typer(help="Accuracy evaluations on standard data sets (DET, EER, FNMR at FMR).",
                       no_args_is_help=True)
bench_app = typer.Typer(help="Speed benchmarks, reported as ratios against a reference run alongside.",
                        no_args_is_help=True)
app.add_typer(eval_app, name="eval")


@app.callback()
def _configure() -> None:
    """Logs never show local variables (a traceback would otherwise print chip photos and MRZ data)."""
    from gate.logging import configure_logging

    configure_logging()

app.add_typer(bench_app, name="bench")


def _register() -> None:
    """Import the command modules; each adds its commands to ``app``, ``eval_app`` or ``bench_app``."""
    from gate.cli import (  # noqa: F401
        audit_commands,
        bench_onnx,
        capture_commands,
        card_commands,
        demo_commands,
        face_commands,
        finger_commands,
        pki_commands,
        serve_commands,
    )


_register()

if __name__ == "__main__":
    app()
