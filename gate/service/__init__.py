"""The domain behind the HTTP routes: the fleet of gates, in-flight kiosk transactions, officer sign-in
(tokens, throttle), referrals, administration and audit. Plain Python in, frozen results or domain
errors out; no HTTP here — :mod:`gate.api.errors` maps these errors to status codes in one place.

The API imports this package, never the store: the domain types it hands out (gates, officers, roles,
referrals) and the store's errors are re-exported here.
"""

from gate.service.container import Services, build_services
from gate.store import ConflictError, DatabaseUnavailable, Gate, NotFoundError, Officer, Referral, Role, StoreError

__all__ = [
    "ConflictError",
    "DatabaseUnavailable",
    "Gate",
    "NotFoundError",
    "Officer",
    "Referral",
    "Role",
    "Services",
    "StoreError",
    "build_services",
]
