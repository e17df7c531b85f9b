"""The chip password of ``egate card read``: the CAN (PACE) or the MRZ data (PACE or BAC)."""

from __future__ import annotations

import typer

from enrollment.icao.inspection.transport import AccessKey, CanKey, ChipKey


def _date(value: str, name: str) -> str:
    if len(value) != 6 or not value.isdigit():
        raise typer.BadParameter("expected YYMMDD", param_hint=name)
    return value


def chip_key(can: str | None, document_number: str | None, birth_date: str | None,
             expiry_date: str | None) -> ChipKey:
    if can is not None:
        if len(can) != 6 or not can.isdigit():
            raise typer.BadParameter("the CAN is 6 digits", param_hint="--can")
        return CanKey(can)
    if document_number is None or birth_date is None or expiry_date is None:
        raise typer.BadParameter("give --can, or --document-number, --birth-date and --expiry-date")
    return AccessKey(document_number, _date(birth_date, "--birth-date"), _date(expiry_date, "--expiry-date"))
