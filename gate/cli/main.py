"""``egate``: the gate's operations — demo, serve, admin, pki, card, audit, captures.

Command modules stay thin: parse options, call the library, print with rich. Evaluations and benchmarks
are not here: they are ``egate-lab`` (``scripts/lab``).
"""

from __future__ import annotations

import typer

app = typer.Typer(
    name="egate",
    help="Biometric border-gate verification: chip reading, face and fingerprint matching, audited decisions.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _configure(ctx: typer.Context) -> None:
    """Settings read once for this invocation; logs never show local variables (a traceback would
    otherwise print chip photos and MRZ data)."""
    from gate.cli.context import remember_settings
    from gate.logging import configure_logging

    configure_logging()
    remember_settings(ctx)


def _register() -> None:
    """Import the command modules; each adds its commands to ``app``."""
    from gate.cli import (  # noqa: F401
        audit_commands,
        capture_commands,
        card_commands,
        demo_commands,
        desk_commands,
        masterlist_commands,
        pki_commands,
        registry_commands,
        serve_commands,
    )


_register()

if __name__ == "__main__":
    app()
