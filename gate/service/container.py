"""Every service of one app instance, built together by :func:`build_services` (kept on app.state)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

import structlog
from argon2 import PasswordHasher

from gate.assembly import GateRuntime
from gate.devices.document_reader import SimulatedReaders
from gate.logging import failure_fields
from gate.service.admin import AdminService
from gate.service.audit import AuditService
from gate.service.auth import AuthService
from gate.service.client_address import TrustedProxies
from gate.service.fleet import GateFleet
from gate.service.frame_coach import FrameCoach
from gate.service.frames import MAX_FRAME_PIXELS, FrameDecoder
from gate.service.heartbeat import Heartbeat
from gate.service.idle_decoder import IdleDecoder
from gate.service.in_flight import TransactionRegistry
from gate.service.kiosk import KioskLimits, KioskService
from gate.service.kiosk_device import KioskDevices
from gate.service.kiosk_reader import ReaderKiosk
from gate.service.recovery import GRACE, RecoveryService
from gate.service.referrals import ReferralService
from gate.service.sign_in_throttle import SignInThrottle, ThrottleLimits
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
        try:
            self.recovery.flush_outbox()
        except Exception as exc:  # the database is away: the outbox table or the next start's recovery
            log.error("final_outbox_flush_failed", pending=len(self.fleet.outbox), **failure_fields(exc))
        finally:
            self.fleet.db.dispose()


def build_services(runtime: GateRuntime, api: ApiSettings, hasher: PasswordHasher,
                   engines: Sequence[FacePipeline] = ()) -> Services:
    """``engines``: pipelines besides the runtime's for the face-engine pool (:mod:`gate.engine_pool`)."""
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
    idle = IdleDecoder(work_side=api.frame_work_side, max_pixels=MAX_FRAME_PIXELS,
                       per_gate=api.oversized_frames_per_gate, timeout_s=api.oversized_frame_timeout_s)
    kiosk, readers = KioskService(fleet, registry, limits, FrameDecoder(api.frame_work_side, idle)), SimulatedReaders()
    return Services(fleet, auth, kiosk,
                    ReferralService(fleet), AdminService(fleet, hasher), AuditService(fleet),
                    RecoveryService(fleet, registry, fleet.outbox, stale_after=stale_after,
                                    heartbeat=Heartbeat(fleet.db, registry, every_s=api.heartbeat_s)),
                    readers, KioskDevices(fleet.db, key),
                    ReaderKiosk(kiosk, registry, readers), FrameCoach(fleet, kiosk, registry))
