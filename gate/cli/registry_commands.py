"""``egate registry serve``: the central registry's HTTP service (packet upload, status polling)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from gate.cli.main import app

if TYPE_CHECKING:
    from enrollment.registry.ports import Deduplicator

registry_app = typer.Typer(help="The central enrolment registry.", no_args_is_help=True)
app.add_typer(registry_app, name="registry")
console = Console()


def default_deduplicator() -> Deduplicator:
    """The registry's de-duplication (faces, fingers, irises fused) with the gate's configured face model."""
    from gate.assembly import build_face_pipeline
    from gate.service.desk_registry_build import real_deduplicator
    from gate.settings import Settings

    return real_deduplicator(build_face_pipeline(Settings()))


@registry_app.command("serve")
def serve(pki: Annotated[Path, typer.Option(help="enrolment PKI directory (registry key, CA, CRL)")],
          database: Annotated[str, typer.Option(help="SQLAlchemy URL of the application store")],
          host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
          port: Annotated[int, typer.Option(help="TCP port")] = 8600) -> None:
    """Receive enrolment packets, verify them, de-duplicate, and answer the desks' status polls."""
    import uvicorn

    from enrollment.icao.errors import PkiError
    from enrollment.registry.api import create_registry_app
    from enrollment.registry.startup import open_registry

    try:
        registry = open_registry(pki, database, default_deduplicator())
    except (PkiError, OSError, ValueError) as exc:  # no key/CA, no face model or calibration
        console.print(f"[red]{type(exc).__name__}[/]: {exc}")
        raise typer.Exit(2) from exc
    uvicorn.run(create_registry_app(registry), host=host, port=port, log_level="info", proxy_headers=False)
