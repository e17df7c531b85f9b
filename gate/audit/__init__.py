"""Tamper-evident audit trail: one signed hash chain per gate, with RFC 6962 signed checkpoints.

Public API::

    AuditEvent, CheckRecord, ComparisonRecord, OfficerAction   what the gate reports (no images, templates, names)
    AuditLog(sessions, gate_id, key).append(event)  seal and store the next record
    verify_gate / verify_database / verify_jsonl    -> VerifyReport naming the first bad record
    export_jsonl                                     JSON-lines export
    load_or_create_signing_key, load_public_key      the gate's Ed25519 key
    document_pseudonym                               keyed HMAC of a document number
    open_audit_log(db, paths), purge_captures(...)    wiring from resolved settings; the purge job
"""

from gate.audit.chain import SealedRecord, canonical_json, seal
from gate.audit.checkpoint import Checkpoint, merkle_root
from gate.audit.errors import AuditAppendError, AuditError, AuditKeyError, AuditSchemaError
from gate.audit.jobs import open_audit_log, purge_captures
from gate.audit.keys import (
    key_id,
    load_or_create_signing_key,
    load_public_key,
    load_signing_key,
    public_key_pem,
    write_public_key,
)
from gate.audit.log import AuditLog
from gate.audit.pseudonym import document_pseudonym, load_or_create_pseudonym_key
from gate.audit.records import AuditEvent, AuditRecord, CheckRecord, ComparisonRecord, OfficerAction
from gate.audit.stored import export_jsonl, keyring, read_jsonl, verify_database, verify_gate, verify_jsonl
from gate.audit.verify import BadRecord, VerifyReport, verify_records

__all__ = [
    "AuditAppendError",
    "AuditError",
    "AuditEvent",
    "AuditKeyError",
    "AuditLog",
    "AuditRecord",
    "AuditSchemaError",
    "BadRecord",
    "CheckRecord",
    "Checkpoint",
    "ComparisonRecord",
    "OfficerAction",
    "SealedRecord",
    "VerifyReport",
    "canonical_json",
    "document_pseudonym",
    "export_jsonl",
    "key_id",
    "keyring",
    "load_or_create_pseudonym_key",
    "load_or_create_signing_key",
    "load_public_key",
    "load_signing_key",
    "merkle_root",
    "open_audit_log",
    "public_key_pem",
    "purge_captures",
    "read_jsonl",
    "seal",
    "verify_database",
    "verify_gate",
    "verify_jsonl",
    "verify_records",
    "write_public_key",
]
