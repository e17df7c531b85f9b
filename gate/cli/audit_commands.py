"""``egate audit verify``, ``egate audit export`` and ``egate audit public-key``."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from gate.cli.main import app

if TYPE_CHECKING:
    from gate.audit import VerifyReport
    from gate.store import StorePaths

# gate.audit and gate.store load SQLAlchemy and Alembic: imported inside the commands so that the
# other ``egate`` commands do not pay for them.

audit_app = typer.Typer(help="Tamper-evident audit trail: verify the signed chains, export JSON lines.",
                        no_args_is_help=True)
app.add_typer(audit_app, name="audit")
console = Console()

DbOpt = Annotated[str | None, typer.Option("--db", help="database URL (default: the configured one)")]


def _store(ctx: typer.Context) -> StorePaths:
    from gate.cli.context import cli_settings
    from gate.store import StoreSettings

    settings = cli_settings(ctx)
    section = getattr(settings, "store", None)
    return (section if isinstance(section, StoreSettings) else StoreSettings()).resolve(settings.home)


def _engine_url(ctx: typer.Context, db: str | None) -> str:
    from sqlalchemy.engine import make_url

    from gate.store import is_sqlite

    url = db or _store(ctx).database_url
    if is_sqlite(url):
        path = make_url(url).database or ""
        if not Path(path).is_file():
            raise typer.BadParameter(f"no database at {path}", param_hint="--db")
    return url


def _print(reports: list[VerifyReport]) -> bool:
    table = Table("gate", "records", "checkpoints", "result")
    for report in reports:
        result = "[green]valid[/green]" if report.ok else "[red]BROKEN[/red]"
        table.add_row(report.gate_id or "?", str(report.checked), str(report.checkpoints), result)
    console.print(table)
    for report in reports:
        if report.first_bad is not None:
            console.print(f"[red]gate {report.gate_id}: first bad {report.first_bad}[/red]")
    return all(report.ok for report in reports)


@audit_app.command("verify")
def verify(
    ctx: typer.Context,
    db: DbOpt = None,
    gate_key_public: Annotated[list[Path] | None, typer.Option(
        "--gate-key-public", help="trusted gate public key (PEM); repeat for several gates or rotated keys")] = None,
    jsonl: Annotated[Path | None, typer.Option(help="verify an export file instead of the database")] = None,
) -> None:
    """Verify every gate's chain and checkpoints; name the first bad record and exit 1 if any."""
    from gate.audit import AuditError, keyring, load_public_key, verify_database, verify_jsonl
    from gate.store import create_db_engine, session_factory

    try:
        keys = keyring(load_public_key(path) for path in gate_key_public) if gate_key_public else None
        if jsonl is not None:
            if keys is None:
                raise typer.BadParameter("verifying an export needs --gate-key-public")
            reports = verify_jsonl(jsonl, keys)
        else:
            url = _engine_url(ctx, db)
            if keys is None:
                console.print("[yellow]no --gate-key-public: trusting the keys registered in the database"
                              " itself (detects edits only by someone who cannot write that table)[/yellow]")
            engine = create_db_engine(url)
            try:
                reports = verify_database(session_factory(engine), keys)
            finally:
                engine.dispose()
    except AuditError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    if not reports:
        console.print("no audit records")
    if not _print(reports):
        raise typer.Exit(1)


@audit_app.command("export")
def export(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="JSON-lines file to write")],
    db: DbOpt = None,
    gate: Annotated[str | None, typer.Option(help="only this gate's chain")] = None,
) -> None:
    """Write the audit records as JSON lines (one signed record per line, each gate's chain in order)."""
    from gate.audit import export_jsonl
    from gate.store import create_db_engine, session_factory

    engine = create_db_engine(_engine_url(ctx, db))
    try:
        with out.open("w", encoding="utf-8") as handle:
            count = export_jsonl(session_factory(engine), handle, gate)
    finally:
        engine.dispose()
    console.print(f"{count} records written to {out}")


@audit_app.command("public-key")
def public_key(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="where to write the gate's public key (PEM)")],
    key: Annotated[Path | None, typer.Option(help="the gate's private key (default: configured)")] = None,
) -> None:
    """Export the gate's public key, for auditors' ``verify --gate-key-public``."""
    from gate.audit import AuditError, load_signing_key, write_public_key

    try:
        write_public_key(load_signing_key(key or _store(ctx).audit_key_path), out)
    except AuditError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(2) from exc
    console.print(f"public key written to {out}")
