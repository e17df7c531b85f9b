"""``egate pki masterlist build`` (sign a CSCA master list) and ``egate trust import`` (add one to a trust store)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from cryptography import x509
from rich.console import Console

from enrollment.icao.errors import IcaoError
from enrollment.icao.pki.directory import PkiLayout
from enrollment.icao.pki.keys import generate_key, load_private_pem
from enrollment.icao.pki.master_list import build_master_list
from enrollment.icao.pki.master_list_signer import issue_master_list_signer
from enrollment.icao.pki.trust_import import import_master_list
from gate.cli.main import app
from gate.cli.pki_commands import pki_app

masterlist_app = typer.Typer(help="ICAO CSCA master lists (CMS, id-icao-cscaMasterList).", no_args_is_help=True)
pki_app.add_typer(masterlist_app, name="masterlist")
trust_app = typer.Typer(help="The inspection system's trust store (CSCA certificates and CRLs).",
                        no_args_is_help=True)
app.add_typer(trust_app, name="trust")
console = Console()


def _fail(exc: Exception) -> typer.Exit:
    console.print(f"[red]{type(exc).__name__}[/]: {exc}")
    return typer.Exit(2)


@masterlist_app.command("build")
def build(directory: Annotated[Path, typer.Argument(help="PKI directory of `egate pki init`")],
          out: Annotated[Path, typer.Option(help="master list file to write (DER)")],
          cert: Annotated[list[Path] | None, typer.Option(help="further CSCA or link certificate (PEM)")] = None,
          days: Annotated[int, typer.Option(help="validity of the Master List Signer certificate")] = 365) -> None:
    """Issue a Master List Signer under the PKI's CSCA and sign a list of its CSCA plus any --cert.

    The signer's private key is used once and not kept (a new signer is issued for every list)."""
    layout, now = PkiLayout(directory), datetime.now(UTC)
    try:
        csca = x509.load_pem_x509_certificate(layout.csca_cert.read_bytes())
        csca_key = load_private_pem(layout.csca_key.read_bytes())
        extra = [x509.load_pem_x509_certificate(p.read_bytes()) for p in cert or []]
        country = str(csca.subject.get_attributes_for_oid(x509.NameOID.COUNTRY_NAME)[0].value)
        key = generate_key("ecdsa-p256")
        signer = issue_master_list_signer(csca, csca_key, key.public_key(), country, now, days)
        out.write_bytes(build_master_list([csca, *extra], signer, key, now))
    except (IcaoError, OSError, ValueError, IndexError) as exc:
        raise _fail(exc) from exc
    console.print(f"[green]master list[/] → {out}: {1 + len(extra)} certificate(s), signer valid {days} days")


@trust_app.command("import")
def import_(master_list: Annotated[Path, typer.Argument(help="CSCA master list (DER CMS)")],
            trust_store: Annotated[Path, typer.Option(help="trust-store directory (its CSCAs vouch)")]) -> None:
    """Verify MASTER_LIST against the CSCAs already trusted and add the certificates it lists."""
    try:
        result = import_master_list(master_list.read_bytes(), trust_store, datetime.now(UTC))
    except (IcaoError, OSError) as exc:
        raise _fail(exc) from exc
    signer = result.master_list.signer.subject.rfc4514_string()
    console.print(f"[green]imported[/] {len(result.written)} new certificate(s), {result.already_present} already "
                  f"present; signed by {signer}")
