"""The kiosk's device credential: provisioned once, never typed on the kiosk screen.

The installer asks for a provisioning link with the gate's API key (``POST /kiosk/device-link``), and
opens it on the kiosk's browser within ``LINK_TTL_S``; the service answers with an HttpOnly cookie holding
a device token bound to that gate (``DEVICE_TTL_S``). Both are HMAC-signed (:class:`TokenSigner`) under
keys derived from the service's token key for each purpose, so an officer's bearer token, a link and a
device token are never accepted for one another.
"""

from __future__ import annotations

import hashlib
import hmac

from gate.service.tokens import TokenSigner
from gate.store import Database, Gate, GateRepository, NotFoundError, read_only

LINK_TTL_S = 600
DEVICE_TTL_S = 90 * 24 * 3600
DEVICE_COOKIE = "egate_kiosk"
_PREFIX = "gate:"


def _derived(key: bytes, purpose: str) -> bytes:
    return hmac.new(key, f"egate kiosk {purpose}".encode(), hashlib.sha256).digest()


class KioskDevices:
    def __init__(self, db: Database, token_key: bytes) -> None:
        self._db = db
        self._links = TokenSigner(_derived(token_key, "provisioning link"), LINK_TTL_S)
        self._devices = TokenSigner(_derived(token_key, "device"), DEVICE_TTL_S)

    def link(self, gate: Gate) -> str:
        """A short-lived provisioning token for ``gate``'s kiosk."""
        return self._links.issue(_PREFIX + gate.id)

    def provision(self, link: str) -> str | None:
        """The device token a genuine, unexpired link is exchanged for; ``None`` otherwise."""
        gate = self._gate(self._links, link)
        return None if gate is None else self._devices.issue(_PREFIX + gate.id)

    def gate(self, device_token: str) -> Gate | None:
        """The registered gate a genuine, unexpired device token names."""
        return self._gate(self._devices, device_token)

    def _gate(self, signer: TokenSigner, token: str) -> Gate | None:
        claims = signer.verify(token)
        if claims is None or not claims.username.startswith(_PREFIX):
            return None
        with self._db.sessions() as session:
            try:
                return GateRepository(read_only(session)).get(claims.username.removeprefix(_PREFIX))
            except NotFoundError:
                return None
