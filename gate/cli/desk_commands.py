"""``egate desk …``: the enrolment desk's PKI and its upload of queued packets to the registry."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from gate.cli.main import app

desk_app = typer.Typer(help="Enrolment desk: keys and packet upload (never commit its keys).", no_args_is_help=True)
desk_pki_app = typer.Typer(help="The enrolment CA, a desk certificate and the registry key pair.",
                           no_args_is_help=True)
desk_app.add_typer(desk_pki_app, name="pki")
app.add_typer(desk_app, name="desk")
console = Console()


@desk_pki_app.command("init")
def pki_init(directory: Path,
             desk_id: Annotated[str, typer.Option(help="this desk's id (its certificate's name)")] = "desk-1") -> None:
    """Generate the enrolment CA, DESK_ID's certificate and the registry's key pair into DIRECTORY."""
    from enrollment.icao.errors import PkiError
    from enrollment.registry.pki_files import init_enrolment_pki

    try:
        layout = init_enrolment_pki(directory, desk_id, datetime.now(UTC))
    except (PkiError, ValueError) as exc:
        console.print(f"[red]{type(exc).__name__}[/]: {exc}")
        raise typer.Exit(2) from exc
    console.print(f"[green]enrolment PKI created[/] in {directory}")
    console.print(f"  desk {desk_id}: {layout.desk_cert(desk_id).parent}")
    console.print(f"  registry: {layout.registry_cert.parent}  (CA: {layout.ca_cert})")


@desk_pki_app.command("crl")
def pki_crl(directory: Path,
            revoke: Annotated[list[str] | None, typer.Option(help="a desk id whose certificate to revoke")] = None,
            days: Annotated[int | None, typer.Option(help="days until the next CRL is due (default 90)")] = None,
            ) -> None:
    """Publish the enrolment CA's next CRL in DIRECTORY (needs the CA key); copy it to the registry and desks."""
    from enrollment.icao.errors import PkiError
    from enrollment.registry.enrolment_pki import CRL_DAYS
    from enrollment.registry.pki_files import EnrolmentPkiLayout, publish_crl

    layout = EnrolmentPkiLayout(directory)
    try:
        crl = publish_crl(layout, datetime.now(UTC), tuple(revoke or ()), CRL_DAYS if days is None else days)
    except PkiError as exc:
        console.print(f"[red]{type(exc).__name__}[/]: {exc}")
        raise typer.Exit(2) from exc
    console.print(f"[green]CRL published[/]: {layout.crl} ({len(list(crl))} revoked; "
                  f"next update {crl.next_update_utc:%Y-%m-%d %H:%M} UTC)")


@desk_app.command("sync")
def sync(outbox: Annotated[Path, typer.Option(help="the desk's outbox file")],
         registry_url: Annotated[str, typer.Option(help="the registry's base URL")],
         pki: Annotated[Path, typer.Option(help="enrolment PKI directory holding this desk's key")],
         desk_id: Annotated[str, typer.Option(help="this desk's id (its requests are signed with its key)")]) -> None:
    """Upload the queued packets once; exit 0 when the queue is drained, 1 otherwise."""
    from enrollment.desk.outbox import Outbox
    from enrollment.desk.registry_http import HttpRegistryClient
    from enrollment.icao.errors import PkiError
    from enrollment.registry.pki_files import EnrolmentPkiLayout, load_desk_signer

    try:
        signer = load_desk_signer(EnrolmentPkiLayout(pki), desk_id)
    except PkiError as exc:
        console.print(f"[red]{type(exc).__name__}[/]: {exc}")
        raise typer.Exit(2) from exc
    now = datetime.now(UTC)
    box, uploader = Outbox(outbox), HttpRegistryClient(registry_url, signer)
    try:
        report = box.sync(uploader, now)
        admission = box.can_accept_new_application(now)
    finally:
        uploader.close()
        box.close()
    console.print(f"acknowledged {len(report.acknowledged)} packet(s); {admission.unsynced} unsynced")
    for application_id, code in report.refused.items():
        console.print(f"[red]refused[/] {application_id}: {code}")
    if report.unavailable:
        console.print(f"[yellow]registry unavailable[/]; next attempt after {report.backing_off_until}")
    if admission.code is not None:
        console.print(f"[red]{admission.code}[/]: the desk refuses new applications")
    if report.unavailable or report.refused or admission.unsynced:
        raise typer.Exit(1)
