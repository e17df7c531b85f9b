"""What a referred transaction keeps for the officer besides the two images: who the holder is, as the chip
says (DG1, and DG13 on a CCCD), and the quality measurements of the live capture with their limits.

Both go to the encrypted capture vault with the images (:class:`gate.store.CaptureVault`: AES-GCM bound
to the transaction, the same retention, purged with the officer's decision); none of it is ever written to
the audit chain or the logs, nor sent to the kiosk. Only the officer's referral endpoint reads them back
(:mod:`gate.service.referral_extras`).
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict

from enrollment.icao.inspection import DecodedDocument
from matcher.criteria import Assessment

BIOGRAPHIC = "biographic"  # capture kind: the holder's data from the chip, JSON
QUALITY = "quality_measurements"  # capture kind: the live capture's quality criteria, JSON
EVIDENCE_KINDS = (BIOGRAPHIC, QUALITY)


def biographic_json(document: DecodedDocument) -> bytes | None:
    """DG1's holder fields (as the MRZ encodes them) and, when read, DG13's fields; None without either."""
    doc: dict[str, object] = {}
    if document.mrz is not None:
        m = document.mrz
        doc["dg1"] = {"document_code": m.document_code, "issuing_state": m.issuing_state,
                      "document_number": m.document_number, "surname": m.surname, "given_names": m.given_names,
                      "birth_date": m.birth_date, "sex": m.sex, "nationality": m.nationality,
                      "expiry_date": m.expiry_date}
    if document.dg13 is not None:
        doc["dg13"] = {name: value for name, value in asdict(document.dg13).items() if value}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8") if doc else None


def quality_json(quality: Assessment) -> bytes:
    """Every criterion of the capture's quality: measured value (null when not a finite number), limit, result."""
    criteria = [{"name": c.name, "value": c.value if math.isfinite(c.value) else None, "limit": c.limit,
                 "passed": c.passed, "code": c.reason or None} for c in quality.criteria]
    return json.dumps({"profile": quality.profile, "criteria": criteria}).encode("utf-8")


def referral_evidence(document: DecodedDocument | None, quality: Assessment | None) -> dict[str, bytes]:
    """The vault entries of a referral besides its images (kind → bytes)."""
    evidence: dict[str, bytes] = {}
    biographic = None if document is None else biographic_json(document)
    if biographic is not None:
        evidence[BIOGRAPHIC] = biographic
    if quality is not None:
        evidence[QUALITY] = quality_json(quality)
    return evidence
