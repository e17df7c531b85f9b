"""Opening the chip: PACE when EF.CardAccess offers it, BAC only when the chip has no EF.CardAccess.

Returns the ``pace`` and ``bac`` checks (exactly one of them passed when the chip is open) and the
EF.CardAccess read, for the downgrade check against DG14. PACE runs in
the master file, then the eMRTD application is selected under secure messaging. A CAN opens PACE only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from enrollment.icao import checks
from enrollment.icao.checks import Check
from enrollment.icao.errors import EncodingError, IcaoError
from enrollment.icao.inspection.pace_sender import perform_pace, read_card_access
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.inspection.transport import AccessKey, CanKey, ChipKey
from enrollment.icao.lds.card_access import CardAccess, decode_card_access
from enrollment.icao.lds.mrz import mrz_information
from enrollment.icao.protocol import pace
from enrollment.icao.protocol.pace import PacePassword


@dataclass(frozen=True)
class Opened:
    checks: tuple[Check, Check]
    card_access: CardAccess | None = None

    @property
    def protocol(self) -> str | None:
        """"PACE" or "BAC" when the chip is open, else None."""
        pace_check, bac_check = self.checks
        return "PACE" if pace_check.status == "passed" else "BAC" if bac_check.status == "passed" else None


def _bac(session: ChipSession, key: ChipKey, rng: Callable[[int], bytes]) -> Check:
    if isinstance(key, CanKey):
        return checks.failed("bac", "bac_needs_mrz", "the chip offers only BAC, which a CAN cannot open")
    try:
        info = mrz_information(key.document_number, key.birth_date, key.expiry_date)
    except IcaoError as exc:
        return checks.failed("bac", "invalid_access_key", str(exc))
    try:
        session.select_application()
        session.basic_access_control(info, rng)
    except IcaoError as exc:
        return checks.failed("bac", "bac_failed", str(exc))
    return checks.passed("bac", "EF.CardAccess absent")


def _password(key: ChipKey) -> PacePassword:
    if isinstance(key, CanKey):
        return pace.can_password(key.can)
    assert isinstance(key, AccessKey)
    return pace.mrz_password(mrz_information(key.document_number, key.birth_date, key.expiry_date))


def open_chip(session: ChipSession, key: ChipKey, rng: Callable[[int], bytes]) -> Opened:
    """See the module docstring."""
    pace_check, bac_check, card_access = _open(session, key, rng)
    return Opened((pace_check, bac_check), card_access)


def _refused(reason: str, detail: str, seen: CardAccess | None = None) -> tuple[Check, Check, CardAccess | None]:
    return checks.failed("pace", reason, detail), checks.not_performed("bac", "pace_offered"), seen


def _open(session: ChipSession, key: ChipKey, rng: Callable[[int], bytes]) -> tuple[Check, Check, CardAccess | None]:
    try:
        raw = read_card_access(session)
    except IcaoError as exc:
        return _refused("card_access_unreadable", str(exc))
    if raw is None:
        return checks.not_performed("pace", "card_access_absent"), _bac(session, key, rng), None
    try:
        card_access = decode_card_access(raw)
    except EncodingError as exc:
        return _refused("card_access_malformed", str(exc))
    info = card_access.preferred()
    if info is None:  # PACE offered, but in no form this reader implements: BAC is the chip's fallback
        return checks.not_performed("pace", "pace_unsupported"), _bac(session, key, rng), card_access
    try:
        password = _password(key)
    except IcaoError as exc:
        return _refused("invalid_access_key", str(exc), card_access)
    try:
        outcome = perform_pace(session, info, password, rng)
        session.select_application()
    except IcaoError as exc:
        return _refused("pace_failed", str(exc), card_access)
    return checks.passed("pace", outcome.detail), checks.not_performed("bac", "pace_used"), card_access
