"""The audit trail over HTTP: JSON-lines export and chain verification (supervisor role and above)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from fastapi.responses import StreamingResponse

from gate.api.deps import ServicesDep, SupervisorDep
from gate.api.errors import responses
from gate.api.schemas import GateId, VerifyResult

router = APIRouter(prefix="/audit", tags=["audit"], responses=responses(401, 403, 404, 503))


@router.get("/export", response_class=Response, responses={
    200: {"content": {"application/x-ndjson": {}}, "description": "one signed record per line"}})
def export(supervisor: SupervisorDep, services: ServicesDep, gate_id: GateId | None = None) -> Response:
    """Every gate's chain (or one gate's) as JSON lines; the export itself is audited."""
    lines = services.audit.export(supervisor, gate_id)
    return StreamingResponse(lines, media_type="application/x-ndjson",
                             headers={"Content-Disposition": 'attachment; filename="audit.jsonl"'})


@router.get("/verify", response_model=list[VerifyResult])
def verify(supervisor: SupervisorDep, services: ServicesDep, gate_id: GateId | None = None) -> list[VerifyResult]:
    """Verify the signed chains and checkpoints against the gates' registered keys."""
    return [VerifyResult(gate_id=r.gate_id, ok=r.ok, records=r.checked, checkpoints=r.checkpoints,
                         first_bad=None if r.first_bad is None else str(r.first_bad),
                         first_bad_seq=None if r.first_bad is None else r.first_bad.seq,
                         first_bad_reason=None if r.first_bad is None else r.first_bad.reason)
            for r in services.audit.verify(gate_id)]
