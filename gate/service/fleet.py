"""Per-gate controllers for a service that serves several gates from one database.

The audit trail is one signed chain per gate, and :class:`gate.recording.StoreRecorder` writes to one
chain, so every gate gets its own :class:`AuditLog` (its own Ed25519 key, ``keys/gates/<id>-audit-
ed25519.pem``; the configured gate keeps the runtime's log and key) and its own recorder and controller.
Everything costly or global is shared: the database, the face pipeline, PAD, calibration, trust store,
stop list, capture cipher and document-pseudonym key (so ``DOCUMENT_IN_USE`` works across gates).

Controllers are cheap (references only) and are rebuilt whenever the administrator's FMR target
changes; a transaction keeps the controller it started with, so a change applies to *subsequent*
transactions. Face work runs on the engines of a :class:`gate.engine_pool.EnginePool` (one call at a
time per engine, as many engines as cores), never under a process-wide lock.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from gate.assembly import GateRuntime, fmr_target
from gate.audit import AuditLog, load_or_create_signing_key
from gate.engine_pool import EnginePool, PooledPipeline
from gate.finish_outbox import FinishOutbox
from gate.identifiers import is_code
from gate.orchestrator import GateController
from gate.recording import StoreRecorder
from gate.steps import GateParts
from gate.store import GateRepository, NotFoundError
from matcher.face.pipeline import FacePipeline


class GateFleet:
    def __init__(self, base: GateRuntime, engines: Sequence[FacePipeline] = ()) -> None:
        """``engines``: more pipelines like the runtime's, so face work runs on ``1 + len(engines)``."""
        if not isinstance(base.controller.recorder, StoreRecorder):
            raise TypeError("the gate fleet needs a runtime recording to the store")
        self.base = base
        self.db = base.db
        self.engines = EnginePool([base.controller.pipeline, *engines])
        self._parts: GateParts = replace(base.controller.parts, pipeline=PooledPipeline(self.engines))
        self._lock = threading.Lock()
        paths = base.settings.store.resolve(base.settings.home)
        self._key_dir = paths.audit_key_path.parent / "gates"
        self._checkpoint_every = paths.audit_checkpoint_every
        self._audits: dict[str, AuditLog] = {base.audit.gate_id: base.audit}
        self._controllers: dict[str, GateController] = {base.audit.gate_id: GateController(self._parts)}

    @property
    def service_gate_id(self) -> str:
        """The configured gate's id: its chain also records the administrators' actions."""
        return self.base.audit.gate_id

    @property
    def outbox(self) -> FinishOutbox:
        """Decisions waiting to be recorded, shared by every gate's recorder in this process."""
        recorder = self.base.controller.recorder
        assert isinstance(recorder, StoreRecorder)
        return recorder.outbox

    @property
    def pseudonym_key(self) -> bytes:
        """The gate's HMAC key for pseudonyms (documents) and digests (officers' free text)."""
        recorder = self.base.controller.recorder
        assert isinstance(recorder, StoreRecorder)
        return recorder.pseudonym_key

    def fmr_target(self) -> float:
        return fmr_target(self.base.settings, self.db)

    def audit(self, gate_id: str) -> AuditLog:
        """The gate's audit log; a known gate without a key gets one (registered on first use).

        Call it outside any open write transaction: the first call registers the gate's public key.
        """
        with self._lock:
            log = self._audits.get(gate_id)
            if log is None:
                with self.db.sessions() as session:
                    GateRepository(session).get(gate_id)  # NotFoundError for an unknown gate
                key = load_or_create_signing_key(self._key_path(gate_id))
                log = AuditLog(self.db.sessions, gate_id, key, checkpoint_every=self._checkpoint_every)
                log.register_gate()
                self._audits[gate_id] = log
            return log

    def controller(self, gate_id: str) -> GateController:
        """The gate's controller, configured with the FMR target in force now."""
        target = self.fmr_target()
        audit = self.audit(gate_id)
        with self._lock:
            current = self._controllers.get(gate_id)
            if current is None or current.config.fmr_target != target:
                current = self._build(audit, target)
                self._controllers[gate_id] = current
            return current

    def _build(self, audit: AuditLog, target: float) -> GateController:
        base = self._parts
        recorder = base.recorder
        assert isinstance(recorder, StoreRecorder)
        return GateController(replace(base, config=replace(base.config, fmr_target=target),
                                      recorder=replace(recorder, audit=audit)))

    def _key_path(self, gate_id: str) -> Path:
        """Every gate id the rule admits names a file inside the key folder (no slash, so no way out)."""
        path = self._key_dir / f"{gate_id}-audit-ed25519.pem"
        if not is_code(gate_id) or path.parent != self._key_dir:
            raise NotFoundError(f"no gate {gate_id}")
        return path
