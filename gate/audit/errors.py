"""The audit trail's exception tree::

    AuditError
    ├── AuditKeyError          the gate's signing key is missing, unreadable or too widely readable
    ├── AuditSchemaError       a record or export line does not fit the audit schema
    └── AuditAppendError       the chain head kept moving under concurrent writers; nothing was written

A broken chain is not an exception: :func:`gate.audit.verify_records` returns a
:class:`~gate.audit.VerifyReport` naming the first bad record, because finding tampering is a result.
"""

from __future__ import annotations


class AuditError(Exception):
    """Base of every audit error. ``code`` is a stable reason code."""

    code = "AUDIT_ERROR"


class AuditKeyError(AuditError):
    code = "AUDIT_KEY"


class AuditSchemaError(AuditError):
    code = "AUDIT_SCHEMA"


class AuditAppendError(AuditError):
    code = "AUDIT_APPEND"
