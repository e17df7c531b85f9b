"""Building the desk's service from the gate runtime and the desk settings."""

from __future__ import annotations

from enrollment.desk.policy import CapturePolicy
from enrollment.registry.ports import Deduplicator
from gate.assembly import GateRuntime
from gate.service.desk import DeskService
from gate.service.desk_audit import DeskAudit
from gate.service.desk_captures import DeskCaptures
from gate.service.desk_cases import DeskCases
from gate.service.desk_issue import CardIssuer
from gate.service.desk_operator import OperatorCheck
from gate.service.desk_registry_build import build_registry_link
from gate.service.desk_sync import DeskSync
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import PROFILES
from matcher.finger.extract import get_extractor


def build_desk(runtime: GateRuntime, pipeline: FacePipeline,
               deduplicator: Deduplicator | None = None) -> DeskService:
    """``deduplicator``: the embedded registry's 1:N search (default: the real one with the gate's face
    model); unused when the desk talks to a registry at ``registry_url``."""
    settings = runtime.settings
    desk = settings.desk
    paths = settings.store.resolve(settings.home)
    audit = DeskAudit(runtime.db, desk.desk_id, paths.audit_key_path.parent / "desks",
                            paths.audit_checkpoint_every)
    policy = CapturePolicy(tuple(desk.fingers), tuple(desk.eyes), desk.max_tries)
    cases = DeskCases(runtime.db, runtime.cipher, audit, desk.desk_id)
    captures = DeskCaptures(cases, policy, pipeline, PROFILES[desk.face_profile],
                            get_extractor(settings.gate.finger_extractor), desk.max_upload_bytes)
    issuer = CardIssuer(desk.pki or settings.home / "pki")
    link = build_registry_link(settings, pipeline, deduplicator, cases.purge_uploaded, cases.now)
    operators = OperatorCheck(cases, pipeline, PROFILES[desk.face_profile], desk.max_upload_bytes)
    return DeskService(cases, captures, policy, DeskSync(cases, link, policy), operators, issuer,
                       purge_on_issue=desk.purge_on_issue)
