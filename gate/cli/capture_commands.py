"""``egate captures purge``: the retention job for encrypted live captures (run it from a timer, e.g.
hourly). Captures exist only for referred transactions; they go once the officer has decided or when the
retention period (``EGATE_STORE__CAPTURE_RETENTION``) has passed, and every purge is audited."""

from __future__ import annotations

import typer
from rich.console import Console

from gate.cli.main import app

captures_app = typer.Typer(help="Encrypted live captures of referred transactions.", no_args_is_help=True)
app.add_typer(captures_app, name="captures")
console = Console()


@captures_app.command("purge")
def purge(ctx: typer.Context) -> None:
    """Delete captures whose referral was decided or whose retention period has passed (audited)."""
    from gate.assembly import open_store
    from gate.audit.jobs import purge_captures
    from gate.cli.context import cli_settings

    store = open_store(cli_settings(ctx))
    try:
        purged = purge_captures(store.db, store.cipher, store.audit, retention=store.paths.capture_retention)
    finally:
        store.db.dispose()
    transactions = len({c.transaction_id for c in purged})
    console.print(f"purged {len(purged)} capture(s) of {transactions} transaction(s)")
