"""Downgrade check: the PACEInfos of EF.CardAccess (read unprotected) against those DG14 repeats.

EF.CardAccess carries no signature; a man in the middle could alter it to steer the reader to BAC or to
other parameters. DG14 is covered by Passive Authentication, so when it lists PACEInfos the set read
from EF.CardAccess must be the same, and a chip whose DG14 offers PACE must not have been opened by BAC.
"""

from __future__ import annotations

from enrollment.icao import checks
from enrollment.icao.checks import Check
from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv
from enrollment.icao.lds.card_access import CardAccess, decode_card_access

NAME = "pace_consistency"


def check_pace_consistency(seen: CardAccess | None, dg14: bytes | None, opened_with: str | None) -> Check:
    if dg14 is None:
        return checks.not_performed(NAME, "dg14_absent")
    try:
        signed = decode_card_access(tlv.decode_single(dg14, registry.dg(14).tag).value)
    except (EncodingError, TlvError) as exc:
        return checks.failed(NAME, "dg14_malformed", str(exc))
    if not signed.pace:
        return checks.not_performed(NAME, "dg14_lists_no_pace")
    if opened_with != "PACE":
        return checks.failed(NAME, "pace_downgrade", "DG14 offers PACE but the chip was opened with BAC")
    if seen is None or set(seen.pace) != set(signed.pace):
        return checks.failed(NAME, "card_access_mismatch", "EF.CardAccess differs from the PACEInfos of DG14")
    return checks.passed(NAME)
