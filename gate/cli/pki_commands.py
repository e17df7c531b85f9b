"""``egate pki …``: create a country PKI (CSCA, Document Signer, CRL, terminal key) in a directory."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from enrollment.icao.errors import IcaoError
from enrollment.icao.pki.directory import init_pki
from enrollment.icao.pki.keys import ALGORITHMS, Algorithm
from gate.cli.main import app

pki_app = typer.Typer(help="Country signing PKI for the chip mock (never commit its keys).", no_args_is_help=True)
app.add_typer(pki_app, name="pki")
console = Console()


@pki_app.command("init")
def init(directory: Path,
         algorithm: Annotated[str, typer.Option(help="ecdsa-p256 (default) or rsa-2048")] = "ecdsa-p256",
         country: Annotated[str, typer.Option(help="issuing state, ICAO alpha-3 (VNM)")] = "VNM") -> None:
    """Generate a CSCA, a Document Signer, an empty CRL and a terminal key into DIRECTORY."""
    if algorithm not in ALGORITHMS:
        raise typer.BadParameter(f"choose one of {', '.join(ALGORITHMS)}", param_hint="--algorithm")
    chosen: Algorithm = "rsa-2048" if algorithm == "rsa-2048" else "ecdsa-p256"
    try:
        layout = init_pki(directory, chosen, country.upper(), datetime.now(UTC))
    except IcaoError as exc:
        console.print(f"[red]{type(exc).__name__}[/]: {exc}")
        raise typer.Exit(2) from exc
    console.print(f"[green]PKI created[/] in {directory} ({chosen}, {country.upper()})")
    console.print(f"  trust store for gates: {layout.trust_store}")
    console.print(f"  terminal key (DG3 access): {layout.terminal_key}")
