"""``egate serve`` (the HTTP service) and ``egate admin`` (officer accounts and gate API keys)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from gate.cli.main import app

if TYPE_CHECKING:
    from gate.audit import AuditLog
    from gate.store import Database, Role

admin_app = typer.Typer(help="Officer accounts and gate API keys, straight in the configured database.",
                        no_args_is_help=True)
app.add_typer(admin_app, name="admin")
console = Console()


@app.command("serve")
def serve(ctx: typer.Context, host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port")] = 8080) -> None:
    """Run the gate service: kiosk, officer, admin and audit endpoints, pages under /ui, docs at /docs."""
    import uvicorn

    from enrollment.icao.errors import PkiError
    from gate.api import create_app
    from gate.cli.context import cli_settings
    from gate.service.token_key import WeakSecretError
    from gate.store import StoreError, open_database
    from matcher.errors import MatcherError

    settings = cli_settings(ctx)
    try:
        open_database(settings.store.resolve(settings.home).database_url).dispose()  # before the models load
        application = create_app(settings)
    except StoreError as exc:  # a bad URL, a missing driver, a database that cannot be reached: one line
        typer.echo(f"egate serve: {exc} (EGATE_STORE__DATABASE_URL)", err=True)
        raise typer.Exit(2) from None
    except WeakSecretError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(2) from exc
    except (PkiError, MatcherError) as exc:
        console.print(f"[red]{exc}[/] (trust store: 'egate pki init $EGATE_HOME/pki' or EGATE_GATE__TRUST_STORE;"
                      " face models: EGATE_SHARED)")
        raise typer.Exit(2) from exc
    console.print(f"eGate service on http://{host}:{port}  (kiosk /ui/kiosk.html, officers /ui/officer.html,"
                  " API /docs)")
    # forwarded headers are the app's business, believed only from EGATE_API__TRUSTED_PROXIES
    uvicorn.run(application, host=host, port=port, log_level="info", proxy_headers=False)


def _open(ctx: typer.Context) -> tuple[Database, AuditLog]:
    from gate.audit import open_audit_log
    from gate.cli.context import cli_settings
    from gate.store import open_database

    settings = cli_settings(ctx)
    paths = settings.store.resolve(settings.home)
    db = open_database(paths.database_url)
    return db, open_audit_log(db, paths)


@admin_app.command("create-officer")
def create_officer(
    ctx: typer.Context,
    username: str,
    role: Annotated[str, typer.Option(help="clerk (desk), officer, second_line, supervisor or admin")] = "officer",
    password_stdin: Annotated[bool, typer.Option(help="read the password from standard input")] = False,
) -> None:
    """Create an officer account (argon2id hash); the password is prompted for, twice."""
    from gate.audit import AuditEvent, OfficerAction
    from gate.service.officers import CODE
    from gate.store import ConflictError, OfficerRepository

    if role not in ("clerk", "officer", "second_line", "supervisor", "admin"):
        raise typer.BadParameter("choose clerk, officer, second_line, supervisor or admin", param_hint="--role")
    if not CODE.fullmatch(username):
        raise typer.BadParameter("letters, digits, '.', '_' and '-' only", param_hint="USERNAME")
    password = (sys.stdin.readline().rstrip("\n") if password_stdin
                else typer.prompt("password", hide_input=True, confirmation_prompt=True))
    db, audit = _open(ctx)
    try:
        with db.sessions.begin() as session:
            officer = OfficerRepository(session).create(username, password, _role(role))
            audit.append_in(session, AuditEvent(event_type="officer_action", reason_codes=(
                "OFFICER_CREATED", f"ROLE:{role}"), officer=OfficerAction(
                officer_id="cli", verdict="other", reason=f"created {role} account")))
    except (ValueError, ConflictError) as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from exc
    finally:
        db.dispose()
    console.print(f"{officer.role} [bold]{officer.username}[/] created")


def _role(role: str) -> Role:
    roles: tuple[Role, ...] = ("officer", "second_line", "supervisor", "admin")
    return next((r for r in roles if r == role), "officer")


@admin_app.command("create-gate")
def create_gate(
    ctx: typer.Context,
    gate_id: str,
    name: Annotated[str | None, typer.Option(help="display name (default: the id)")] = None,
    rotate: Annotated[bool, typer.Option(help="the gate exists: issue it a new key (the old one stops)")] = False,
) -> None:
    """Register a gate and print its kiosk API key (shown once; only its hash is stored)."""
    from gate.audit import AuditEvent, OfficerAction
    from gate.service.officers import CODE
    from gate.store import ConflictError, GateRepository, NotFoundError

    if not CODE.fullmatch(gate_id):
        raise typer.BadParameter("letters, digits, '.', ':', '_' and '-' only (at most 64)", param_hint="GATE_ID")
    db, audit = _open(ctx)
    try:
        with db.sessions.begin() as session:
            repo = GateRepository(session)
            api_key = repo.rotate_api_key(gate_id) if rotate else repo.create(gate_id, name or gate_id)[1]
            audit.append_in(session, AuditEvent(event_type="officer_action", reason_codes=(
                "GATE_KEY_ROTATED" if rotate else "GATE_CREATED", f"GATE:{gate_id}"), officer=OfficerAction(
                officer_id="cli", verdict="other", reason="gate key issued")))
    except (ConflictError, NotFoundError) as exc:
        console.print(f"[red]{exc}[/]" + ("" if rotate else " (use --rotate for a new key)"))
        raise typer.Exit(1) from exc
    finally:
        db.dispose()
    console.print(f"gate [bold]{gate_id}[/]: API key (shown once, keep it in the kiosk's configuration):")
    print(api_key)
