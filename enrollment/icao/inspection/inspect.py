"""``inspect_document``: PACE or BAC, Chip Authentication, reading, Passive and Active Authentication.

Every defect of the document or the chip ends up as a failed check in the report; a wrong access key
gives a report whose ``pace`` (or, on a BAC-only chip, ``bac``) check failed and an empty document. A chip
failing Chip Authentication is opened a second time so that the rest of the report is still produced.
Exceptions that can escape are programming errors only (and whatever the transport raises, e.g. a reader
unplugged).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from enrollment.icao import checks
from enrollment.icao.checks import PA_CHECKS, Check
from enrollment.icao.errors import CertificateEncodingError, IcaoError, UnsupportedKeyError
from enrollment.icao.inspection.access import Opened, open_chip
from enrollment.icao.inspection.chip_auth_step import chip_authenticate
from enrollment.icao.inspection.document import decode_document
from enrollment.icao.inspection.downgrade import check_pace_consistency
from enrollment.icao.inspection.reading import FilesRead, read_files
from enrollment.icao.inspection.report import DecodedDocument, InspectionReport, InspectionResult
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.inspection.transport import AccessKey, CardTransport, ChipKey
from enrollment.icao.inspection.validity import check_document_validity
from enrollment.icao.lds.dg14 import decode_dg14
from enrollment.icao.lds.dg15 import decode_dg15
from enrollment.icao.lds.mrz import Mrz
from enrollment.icao.lds.sod import decode_sod
from enrollment.icao.pki import passive_auth as pa
from enrollment.icao.pki.trust_store import TrustStore
from enrollment.icao.protocol import active_auth


def _open(transport: CardTransport, key: ChipKey, rng: Callable[[int], bytes]) -> tuple[ChipSession, Opened]:
    session = ChipSession(transport)
    return session, open_chip(session, key, rng)


def _passive(files: FilesRead, mrz: Mrz | None, key: ChipKey, store: TrustStore, at: datetime) -> list[Check]:
    try:
        sod = decode_sod(files.sod or b"")
    except CertificateEncodingError as exc:
        return [checks.failed("sod_decode", "ds_certificate_malformed", str(exc))]
    except IcaoError as exc:
        return [checks.failed("sod_decode", "sod_malformed", str(exc))]
    found = [checks.passed("sod_decode")]
    chain, csca = pa.check_chain(sod.ds_certificate, store)
    found.append(chain)
    if csca is not None and sod.ds_certificate is not None:
        found += [pa.check_validity(sod.ds_certificate, csca, at),
                  pa.check_revocation(sod.ds_certificate, csca, store, at)]
    if sod.ds_certificate is not None:
        found.append(pa.check_signature(sod, sod.ds_certificate))
    found.append(pa.check_hashes(sod, files.data_groups))
    if files.com is not None:
        found.append(pa.check_com(files.com.data_groups, sod))
    if mrz is not None and isinstance(key, AccessKey):
        found.append(pa.check_dg1(mrz, key.document_number, key.birth_date, key.expiry_date))
    elif mrz is not None:
        found.append(checks.not_performed("dg1_mrz_match", "can_access", "opened with the CAN: no MRZ to compare"))
    if mrz is not None and sod.ds_certificate is not None:
        found.append(pa.check_issuing_state(mrz, sod.ds_certificate))
    return found


def _active(session: ChipSession, groups: dict[int, bytes], rng: Callable[[int], bytes]) -> Check:
    if 15 not in groups:
        return checks.not_performed("active_authentication", "dg15_absent")
    try:
        public = decode_dg15(groups[15])
    except UnsupportedKeyError as exc:
        return checks.failed("active_authentication", "aa_key_unsupported", str(exc))
    except IcaoError as exc:
        return checks.failed("active_authentication", "dg15_malformed", str(exc))
    try:
        hash_name = decode_dg14(groups[14]).aa_hash if 14 in groups else None
    except IcaoError as exc:
        return checks.failed("active_authentication", "dg14_malformed", str(exc))
    try:
        challenge = rng(active_auth.CHALLENGE_LENGTH)
        active_auth.verify(public, challenge, session.internal_authenticate(challenge), hash_name)
    except IcaoError as exc:
        return checks.failed("active_authentication", "aa_failed", str(exc))
    return checks.passed("active_authentication", type(public).__name__)


def _not_performed(reason: str, with_ca: bool = True) -> list[Check]:
    names = (*(("chip_authentication",) if with_ca else ()), "read_files", *PA_CHECKS, "active_authentication",
             "document_validity")
    return [checks.not_performed(name, reason) for name in names]


def inspect_document(transport: CardTransport, key: ChipKey, trust_store: TrustStore, *, at: datetime,
                     read_dg3: bool = True, read_dg4: bool = False,
                     rng: Callable[[int], bytes] = os.urandom) -> InspectionResult:
    """Read and verify one document with the printed MRZ (:class:`AccessKey`) or CAN (:class:`CanKey`).
    DG3 (fingerprints) and DG4 (iris) are read behind terminal authentication when asked for."""
    session, opened = _open(transport, key, rng)
    found: list[Check] = list(opened.checks)
    if opened.protocol is None:
        return InspectionResult(DecodedDocument(), InspectionReport((*found, *_not_performed("chip_not_opened"))))
    ca, dg14 = chip_authenticate(session, rng)
    found.append(ca)
    if ca.status == "failed":  # the session's keys are gone with the failed CA: open the chip again
        session, again = _open(transport, key, rng)
        if again.protocol is None:
            rest = _not_performed("chip_not_reopened", with_ca=False)
            return InspectionResult(DecodedDocument(), InspectionReport((*found, *rest)))
    number = key.document_number.upper() if isinstance(key, AccessKey) else None
    files = read_files(session, trust_store.terminal_key, number, read_dg3, {14: dg14} if dg14 else None,
                       read_dg4=read_dg4)
    found += files.checks
    found.append(check_pace_consistency(opened.card_access, files.data_groups.get(14), opened.protocol))
    document, decoded = decode_document(files.data_groups)
    found += decoded
    if files.sod is None:
        found += [checks.not_performed(n, "read_failed") for n in PA_CHECKS]
    else:
        found += _passive(files, document.mrz, key, trust_store, at)
    found.append(_active(session, files.data_groups, rng))
    if document.mrz is not None:
        found.append(check_document_validity(document.mrz, at))
    else:
        found.append(checks.not_performed("document_validity", "dg1_unavailable"))
    return InspectionResult(document, InspectionReport(tuple(found)))
