"""The gate's HTTP service (``egate serve``): routes only.

Public API::

    create_app(settings | runtime_factory, *, api=None, hasher=None) -> FastAPI

Layout: ``routes/*`` (parse, call a service, map the result), ``deps.py`` (typed dependencies: services,
calling gate, signed-in officer and role), ``schemas.py`` (bodies), ``errors.py`` (the one error-to-status
map). The domain behind it is :mod:`gate.service`; its settings are ``Settings.api`` (``EGATE_API__*``).
"""

from gate.api.app import create_app

__all__ = ["create_app"]
