"""The live lanes' tail of the audit records: rows after a cursor, those already read skipped unparsed."""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from gate.audit import AuditEvent, AuditLog
from gate.store import Database
from gate.store.lanes import LaneRepository


def test_the_tail_returns_rows_after_the_cursor_less_those_already_read(db: Database,
                                                                        gate_key: Ed25519PrivateKey) -> None:
    log = AuditLog(db.sessions, "gate-a", gate_key)
    log.register_gate()
    for n in range(6):
        log.append(AuditEvent(event_type="gate_event", transaction_id=f"tx-{n}"))
    with db.sessions() as session:
        repo = LaneRepository(session)
        every = repo.audit_after(0, limit=100)
        ids = [r.row_id for r in every]
        assert len(ids) >= 6 and ids == sorted(ids) and repo.audit_head() == ids[-1]
        assert [r.body.get("transaction_id") for r in every][-6:] == [f"tx-{n}" for n in range(6)]
        assert [r.row_id for r in repo.audit_after(ids[1], limit=100)] == ids[2:]
        assert [r.row_id for r in repo.audit_after(ids[1], limit=2)] == ids[2:4]
        # the limit counts the skipped rows too: a tail re-read behind its cursor gets only the unseen ones
        assert [r.row_id for r in repo.audit_after(0, limit=100, skip=set(ids[:-2]))] == ids[-2:]
        assert repo.audit_after(0, limit=3, skip=set(ids[:3])) == []
        assert repo.audit_after(ids[-1], limit=100) == []
