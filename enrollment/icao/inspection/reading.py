"""Reading the chip after BAC: EF.COM, EF.SOD, then the data groups EF.COM lists.

DG1, DG2, DG14 and DG15 are read whenever listed; DG13 too (it is BAC-protected on the Vietnamese card);
DG3 (fingerprints) and DG4 (iris) only when asked for, after the simplified terminal authentication
succeeds (once for both). Other groups are not needed by the
gate and are not read. Errors become failed checks; nothing raises out of :func:`read_files`.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao import checks
from enrollment.icao.checks import Check
from enrollment.icao.errors import IcaoError
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.lds import registry
from enrollment.icao.lds.com import ComFile, decode_com
from enrollment.icao.lds.dg1 import decode_dg1

WANTED = (1, 2, 13, 14, 15)


@dataclass(frozen=True)
class FilesRead:
    com: ComFile | None
    sod: bytes | None
    data_groups: dict[int, bytes]
    checks: tuple[Check, ...]


def _terminal_authenticate(session: ChipSession, key: ec.EllipticCurvePrivateKey | None, number: str | None,
                           groups: dict[int, bytes]) -> tuple[str, str] | None:
    """None when the terminal is authenticated, else (reason code, detail) for every protected group."""
    if key is None:
        return "eac_no_terminal_key", "no terminal key in the trust store"
    try:
        session.terminal_authenticate(key, number or decode_dg1(groups[1]).document_number)
    except IcaoError as exc:
        return "eac_terminal_authentication_failed", str(exc)
    return None


def _read_protected(session: ChipSession, key: ec.EllipticCurvePrivateKey | None, number: str | None,
                    groups: dict[int, bytes], wanted: tuple[int, ...]) -> list[Check]:
    """One terminal authentication for every EAC-protected group asked for (DG3, DG4), then each read."""
    denied = _terminal_authenticate(session, key, number, groups) if wanted else None
    found = []
    for n in wanted:
        name = f"dg{n}_access"
        if denied is not None:
            code, detail = denied
            found.append((checks.not_performed if code == "eac_no_terminal_key" else checks.failed)(name, code, detail))
            continue
        try:
            groups[n] = session.read_file(registry.dg(n).fid)
        except IcaoError as exc:
            found.append(checks.failed(name, f"dg{n}_read_failed", str(exc)))
            continue
        found.append(checks.passed(name, f"terminal authenticated, DG{n} read"))
    return found


def read_files(session: ChipSession, terminal_key: ec.EllipticCurvePrivateKey | None, document_number: str | None,
               read_dg3: bool, already_read: dict[int, bytes] | None = None, *, read_dg4: bool = False) -> FilesRead:
    """``document_number`` (for terminal authentication) defaults to DG1's; ``already_read`` is not read again.
    DG3 and DG4 are read, behind one terminal authentication, only when asked for and listed in EF.COM."""
    known = already_read or {}
    try:
        com = decode_com(session.read_file(registry.COM.fid))
        sod = session.read_file(registry.SOD.fid)
        groups = {n: known.get(n) or session.read_file(registry.dg(n).fid) for n in WANTED if n in com.data_groups}
    except IcaoError as exc:
        return FilesRead(None, None, {}, (checks.failed("read_files", "read_error", str(exc)),))
    for mandatory in (1, 2):  # ICAO 9303 Part 10: DG1 and DG2 are mandatory
        if mandatory not in groups:
            failure = checks.failed("read_files", f"dg{mandatory}_absent", f"EF.COM lists no DG{mandatory}")
            return FilesRead(com, sod, groups, (failure,))
    found = [checks.passed("read_files", "COM, SOD, " + ", ".join(f"DG{n}" for n in sorted(groups)))]
    wanted = []
    for n, asked in ((3, read_dg3), (4, read_dg4)):
        if n == 4 and not asked and n not in com.data_groups:
            continue  # a report names DG4 only where it is on the chip or was asked for
        if n not in com.data_groups:
            found.append(checks.not_performed(f"dg{n}_access", f"dg{n}_absent"))
        elif not asked:
            found.append(checks.not_performed(f"dg{n}_access", f"dg{n}_not_requested"))
        else:
            wanted.append(n)
    found += _read_protected(session, terminal_key, document_number, groups, tuple(wanted))
    return FilesRead(com, sod, groups, tuple(found))
