"""``egate card issue`` (personalise a virtual chip into a card file) and ``egate card read`` (inspect it)."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from enrollment.icao.biometric.iso19794_5 import FaceRecord
from enrollment.icao.card import VirtualCard
from enrollment.icao.card_file import load_card, save_card
from enrollment.icao.errors import IcaoError
from enrollment.icao.inspection import InspectionResult, inspect_document, load_trust_store
from enrollment.icao.lds.dg3 import check_minutiae_record
from enrollment.icao.lds.dg13 import Dg13Fields
from enrollment.icao.pki.directory import load_issuer
from enrollment.icao.pki.keys import generate_key
from enrollment.personalise import Applicant, personalise
from enrollment.photo import prepare_photo
from gate.cli.chip_key_options import chip_key
from gate.cli.context import cli_settings
from gate.cli.main import app

card_app = typer.Typer(help="Virtual ICAO 9303 chips: issue and inspect.", no_args_is_help=True)
app.add_typer(card_app, name="card")
console = Console()

Date = Annotated[str, typer.Option(help="YYMMDD")]
_STYLE = {"passed": "green", "failed": "red", "not_performed": "yellow"}


def _date(value: str, name: str) -> str:
    if len(value) != 6 or not value.isdigit():
        raise typer.BadParameter("expected YYMMDD", param_hint=name)
    return value


def _dg13(surname: str, given: str, number: str, birth: str, expiry: str, sex: str, origin: str,
          residence: str) -> Dg13Fields:
    century = "19" if int(birth[:2]) > datetime.now(UTC).year % 100 else "20"
    return Dg13Fields(id_number=number, full_name=f"{surname} {given}".strip(),
                      birth_date=f"{birth[4:6]}/{birth[2:4]}/{century}{birth[:2]}",
                      sex={"M": "Nam", "F": "Nữ"}.get(sex, ""), nationality="Việt Nam",
                      place_of_origin=origin, place_of_residence=residence,
                      expiry_date=f"{expiry[4:6]}/{expiry[2:4]}/20{expiry[:2]}")


@card_app.command("issue")
def issue(ctx: typer.Context, photo: Annotated[Path, typer.Option(help="JPEG or PNG face photo")],
          surname: Annotated[str, typer.Option()], given_names: Annotated[str, typer.Option()],
          document_number: Annotated[str, typer.Option()], birth_date: Date, expiry_date: Date,
          out: Annotated[Path, typer.Option(help="card file to write")],
          sex: Annotated[str, typer.Option(help="M, F or <")] = "<",
          nationality: Annotated[str, typer.Option()] = "VNM",
          finger_template: Annotated[list[Path] | None, typer.Option(help="ISO 19794-2 record, repeatable")] = None,
          pki: Annotated[Path | None, typer.Option(help="PKI directory (default $EGATE_HOME/pki)")] = None,
          passport: Annotated[bool, typer.Option("--passport", help="TD3 passport instead of a TD1 ID card")] = False,
          place_of_origin: Annotated[str, typer.Option()] = "",
          place_of_residence: Annotated[str, typer.Option()] = "",
          aa_algorithm: Annotated[str, typer.Option(help="ecdsa-p256 or rsa-2048")] = "ecdsa-p256",
          profile: Annotated[str | None, typer.Option(help="cccd (PACE, CAN, CA; TD1 default) or passport")] = None,
          can: Annotated[str | None, typer.Option(help="6-digit CAN of a cccd chip (default: drawn)")] = None) -> None:
    """Personalise a chip (EF.COM, DG1, DG2, DG3, DG13, DG14, DG15, EF.SOD) and write it to OUT."""
    birth, expiry = _date(birth_date, "--birth-date"), _date(expiry_date, "--expiry-date")
    if sex not in ("M", "F", "<"):
        raise typer.BadParameter("M, F or <", param_hint="--sex")
    try:
        prepared = prepare_photo(photo.read_bytes())
        templates = tuple(check_minutiae_record(p.read_bytes()) for p in finger_template or [])
        issuer = load_issuer(pki or cli_settings(ctx).home / "pki")
        dg13 = None if passport else _dg13(surname, given_names, document_number, birth, expiry, sex,
                                           place_of_origin, place_of_residence)
        applicant = Applicant("TD3" if passport else "TD1", document_number, surname, given_names, birth,
                              expiry, FaceRecord(prepared.jpeg, "jpeg", prepared.width, prepared.height, sex),
                              sex, nationality.upper(), nationality.upper(), finger_templates=templates,
                              dg13=dg13)
        aa_key = generate_key("rsa-2048" if aa_algorithm == "rsa-2048" else "ecdsa-p256")
        image = personalise(applicant, issuer, aa_key, datetime.now(UTC), profile=profile, can=can)
        save_card(image, out)
    except (IcaoError, OSError) as exc:
        console.print(f"[red]{type(exc).__name__}[/]: {exc}")
        raise typer.Exit(2) from exc
    note = " (re-encoded)" if prepared.reencoded else ""
    console.print(f"[green]card issued[/] → {out}: photo {len(prepared.jpeg)} B{note}, "
                  f"{len(templates)} finger template(s), profile {image.profile}"
                  + (f", CAN {image.can}" if image.can else ""))


def _as_json(result: InspectionResult, elapsed: float) -> dict[str, Any]:
    doc = result.document
    mrz = doc.mrz
    return {
        "passed": result.report.passed,
        "access_protocol": result.report.access_protocol,
        "elapsed_ms": round(elapsed * 1000, 2),
        "checks": [{"name": c.name, "status": c.status, "reason_code": c.reason_code, "detail": c.detail}
                   for c in result.report.checks],
        "document": {
            "mrz": None if mrz is None else {k: getattr(mrz, k) for k in mrz.__dataclass_fields__},
            "face_image_bytes": len(doc.face_image) if doc.face_image else 0,
            "face_image_format": doc.face_image_format,
            "finger_templates": len(doc.finger_templates),
            "dg13": None if doc.dg13 is None else {k: v for k, v in vars(doc.dg13).items() if v},
            "data_groups_read": list(doc.data_groups_read),
        },
    }


def _print(result: InspectionResult, elapsed: float) -> None:
    table = Table(title="Inspection report")
    for column in ("check", "status", "reason", "detail"):
        table.add_column(column)
    for c in result.report.checks:
        table.add_row(c.name, f"[{_STYLE[c.status]}]{c.status}[/]", c.reason_code, c.detail)
    console.print(table)
    mrz = result.document.mrz
    if mrz is not None:
        console.print(f"{mrz.surname}, {mrz.given_names} · {mrz.document_number} · born {mrz.birth_date}"
                      f" · expires {mrz.expiry_date} · {mrz.issuing_state}")
    verdict = "[green]PASSED[/]" if result.report.passed else "[red]FAILED[/]"
    console.print(f"{verdict} in {elapsed * 1000:.1f} ms, opened with {result.report.access_protocol or 'nothing'}")


@card_app.command("read")
def read(card: Path, trust_store: Annotated[Path, typer.Option(help="directory of CSCA certificates and CRLs")],
         can: Annotated[str | None, typer.Option(help="card access number (PACE)")] = None,
         document_number: Annotated[str | None, typer.Option()] = None,
         birth_date: Annotated[str | None, typer.Option(help="YYMMDD")] = None,
         expiry_date: Annotated[str | None, typer.Option(help="YYMMDD")] = None,
         terminal_key: Annotated[Path | None, typer.Option(help="terminal key for DG3 (simplified EAC)")] = None,
         as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Inspect CARD like a gate: PACE (CAN or MRZ) or BAC, CA, read, PA, AA. Exit 0 only if all passed."""
    key = chip_key(can, document_number, birth_date, expiry_date)
    try:
        chip = VirtualCard(load_card(card))
        store = load_trust_store(trust_store, terminal_key)
    except (IcaoError, OSError) as exc:
        console.print(f"[red]{type(exc).__name__}[/]: {exc}")
        raise typer.Exit(2) from exc
    start = time.perf_counter()
    result = inspect_document(chip, key, store, at=datetime.now(UTC))
    elapsed = time.perf_counter() - start
    if as_json:
        typer.echo(json.dumps(_as_json(result, elapsed), ensure_ascii=False, indent=2))
    else:
        _print(result, elapsed)
    raise typer.Exit(0 if result.report.passed else 1)
