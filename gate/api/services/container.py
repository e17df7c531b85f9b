"""Every service of one app instance, built together by :func:`gate.api.create_app` (app.state)."""

from __future__ import annotations

from dataclasses import dataclass

from gate.api.fleet import GateFleet
from gate.api.services.admin import AdminService
from gate.api.services.audit import AuditService
from gate.api.services.auth import AuthService
from gate.api.services.kiosk import KioskService
from gate.api.services.referrals import ReferralService


@dataclass(frozen=True)
class Services:
    fleet: GateFleet
    auth: AuthService
    kiosk: KioskService
    referrals: ReferralService
    admin: AdminService
    audit: AuditService

    def close(self) -> None:
        """Refer whatever is still in flight, then release the database."""
        self.kiosk.close()
        self.fleet.db.dispose()
