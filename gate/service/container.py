"""Every service of one app instance, built together by :func:`build_services` (kept on app.state)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import timedelta

import structlog
from argon2 import PasswordHasher

from enrollment.registry.ports import Deduplicator
from gate.assembly import GateRuntime
from gate.devices.document_reader import SimulatedReaders
from gate.engine_pool import PooledPipeline
from gate.logging import failure_fields
from gate.orchestrator import GateController
from gate.service.admin import AdminService
from gate.service.audit import AuditService
from gate.service.auth import AuthService
from gate.service.client_address import TrustedProxies
from gate.service.desk import DeskService
from gate.service.desk_build import build_desk
from gate.service.desk_scanning import DeskScanners, DeskScanning
from gate.service.fleet import GateFleet
from gate.service.frame_coach import FrameCoach
from gate.service.frames import MAX_FRAME_PIXELS, FrameDecoder
from gate.service.heartbeat import Heartbeat
from gate.service.idle_decoder import IdleDecoder
from gate.service.in_flight import TransactionRegistry
from gate.service.kiosk import KioskLimits, KioskService
from gate.service.kiosk_device import KioskDevices
from gate.service.kiosk_reader import ReaderKiosk
from gate.service.lanes import LaneService
from gate.service.lanes_control import LaneControl
from gate.service.lanes_tickets import TicketBook
from gate.service.recovery import GRACE, RecoveryService
from gate.service.referrals import ReferralService
from gate.service.shadow import ShadowImpostors
from gate.service.sign_in_throttle import SignInThrottle, ThrottleLimits
from gate.service.stats import StatsService
from gate.service.stop_list_admin import StopListAdmin
from gate.service.token_key import token_key
from gate.service.tokens import TokenSigner
from gate.settings import ApiSettings
from matcher.face.pipeline import FacePipeline

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class Services:
    fleet: GateFleet
    auth: AuthService
    kiosk: KioskService
    referrals: ReferralService
    admin: AdminService
    audit: AuditService
    recovery: RecoveryService
    readers: SimulatedReaders  # the gates' document readers (simulated: cards placed by tests, demo, admin)
    devices: KioskDevices  # kiosk device credentials
    reader_kiosk: ReaderKiosk
    frame_coach: FrameCoach  # guided capture, frame by frame
    lanes: LaneService  # every lane live (the officers' event stream)
    lane_control: LaneControl  # supervisors' door and lane commands
    tickets: TicketBook  # tickets for the event stream (EventSource sends no Authorization header)
    shadow: ShadowImpostors  # shadow impostor comparisons beside live traffic (operational FMR)
    stats: StatsService  # the shift in numbers
    stop_list: StopListAdmin  # the supervisors' stop-list upload
    desk: DeskService  # the enrolment desk
    desk_scanning: DeskScanning  # the desk's scanners (simulated unless wired) and the live face check

    def start(self) -> None:
        """What runs beside the requests: the heartbeat, the idle-priority worker for oversized frames."""
        if self.recovery.heartbeat is not None:
            self.recovery.heartbeat.start()
        self.kiosk.frames.start()

    def close(self) -> None:
        """Refer whatever is still in flight, record what can be recorded, then release the database."""
        self.kiosk.close()
        self.kiosk.frames.close()
        if self.recovery.heartbeat is not None:
            self.recovery.heartbeat.close()
        self.desk.close()
        try:
            self.shadow.flush()
        except Exception as exc:  # counts only: lost with the database, never a decision
            log.warning("final_shadow_flush_failed", **failure_fields(exc))
        try:
            self.recovery.flush_outbox()
        except Exception as exc:  # the database is away: the outbox table or the next start's recovery
            log.error("final_outbox_flush_failed", pending=len(self.fleet.outbox), **failure_fields(exc))
        finally:
            self.fleet.db.dispose()


def build_services(runtime: GateRuntime, api: ApiSettings, hasher: PasswordHasher,
                   engines: Sequence[FacePipeline] = (), deduplicator: Deduplicator | None = None) -> Services:
    """``engines``: pipelines besides the runtime's for the face-engine pool (:mod:`gate.engine_pool`);
    ``deduplicator``: the 1:N search of the desk's embedded registry (default: the real one)."""
    shadow = ShadowImpostors(runtime.db)
    runtime = replace(runtime, controller=GateController(replace(runtime.controller.parts, shadow=shadow)))
    fleet = GateFleet(runtime, engines)
    key = token_key(api, runtime.settings.home)
    signer = TokenSigner(key, api.token_ttl_s)
    limits = KioskLimits(api.max_frames, api.max_frame_bytes, api.max_card_bytes)
    throttle = SignInThrottle(ThrottleLimits(api.sign_in_max_failures, api.sign_in_max_client_failures,
                                             api.sign_in_window_s, api.sign_in_lockout_s))
    registry = TransactionRegistry(api.transaction_ttl_s)
    # nothing runs longer than the TTL (waiting for frames) plus the capture budget (the biometric half)
    stale_after = timedelta(seconds=api.transaction_ttl_s + runtime.settings.gate.capture_budget_s) + GRACE
    auth = AuthService(fleet, signer, hasher, throttle, TrustedProxies(api.trusted_proxies))
    lanes = LaneService(fleet)
    control = LaneControl(fleet, lanes)
    idle = IdleDecoder(work_side=api.frame_work_side, max_pixels=MAX_FRAME_PIXELS,
                       per_gate=api.oversized_frames_per_gate, timeout_s=api.oversized_frame_timeout_s)
    kiosk = KioskService(fleet, registry, limits, control, FrameDecoder(api.frame_work_side, idle))
    readers = SimulatedReaders()
    desk = build_desk(runtime, PooledPipeline(fleet.engines), deduplicator)
    return Services(fleet, auth, kiosk,
                    ReferralService(fleet), AdminService(fleet, hasher), AuditService(fleet),
                    RecoveryService(fleet, registry, fleet.outbox, stale_after=stale_after,
                                    heartbeat=Heartbeat(fleet.db, registry, every_s=api.heartbeat_s)),
                    readers, KioskDevices(fleet.db, key),
                    ReaderKiosk(kiosk, registry, readers), FrameCoach(fleet, kiosk, registry),
                    lanes, control, TicketBook(key),
                    shadow, StatsService(fleet.db, shadow), StopListAdmin(fleet),
                    desk, DeskScanning(desk, DeskScanners()))
