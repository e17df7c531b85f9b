"""The gate's HTTP service (``egate serve``).

Public API::

    create_app(settings | runtime_factory, *, api=ApiSettings(), hasher=None) -> FastAPI
    ApiSettings                                   EGATE_API_* (token key, TTLs, upload limits)

Layout: ``routes/*`` (parse, call a service, map the result), ``deps.py`` (typed dependencies: services,
calling gate, signed-in officer and role), ``schemas.py`` (bodies), ``errors.py`` (the one error-to-status
map), ``services/*`` (no HTTP), ``fleet.py`` (per-gate controllers and chains), ``registry.py`` (in-flight
kiosk transactions), ``security.py`` (signed officer tokens).
"""

from gate.api.app import create_app
from gate.api.config import ApiSettings

__all__ = ["ApiSettings", "create_app"]
