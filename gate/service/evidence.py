"""A referred case's evidence, read back from its audit records: checks, comparisons, PAD, quality.

The audit trail is the system of record for what the gate measured (scores with their thresholds and
FMR targets, the PAD score, the quality verdict with its failure codes); it holds no images or names.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from gate.audit import AuditRecord, CheckRecord, ComparisonRecord
from gate.store import AuditRepository


@dataclass(frozen=True)
class StageCheck:
    stage: str  # the audit event that reported it: document_checked, capture_checked, pad_checked
    check: CheckRecord


@dataclass(frozen=True)
class CaseEvidence:
    checks: tuple[StageCheck, ...]
    comparisons: tuple[ComparisonRecord, ...]
    pad_score: float | None
    quality: CheckRecord | None
    decision_reasons: tuple[str, ...]


def gather_evidence(session: Session, transaction_id: str) -> CaseEvidence:
    checks: list[StageCheck] = []
    comparisons: list[ComparisonRecord] = []
    pad_score: float | None = None
    reasons: tuple[str, ...] = ()
    for row in AuditRepository(session).for_transaction(transaction_id):
        record = AuditRecord.model_validate_json(row.body)
        checks.extend(StageCheck(record.event_type, check) for check in record.checks)
        comparisons.extend(record.comparisons)
        if record.pad_score is not None:
            pad_score = record.pad_score
        if record.event_type == "decision":
            reasons = record.reason_codes
    quality = next((c.check for c in checks if c.check.kind == "quality"), None)
    return CaseEvidence(tuple(checks), tuple(comparisons), pad_score, quality, reasons)
