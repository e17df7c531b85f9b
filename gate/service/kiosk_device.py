"""The kiosk's device credential: provisioned once, never typed on the kiosk screen.

The installer asks for a provisioning link with the gate's API key (``POST /kiosk/device-link``), and
opens it on the kiosk's browser within ``LINK_TTL_S``; the service answers with an HttpOnly cookie holding
a device token bound to that gate and to its current API key (``DEVICE_TTL_S``): rotating the gate's key
revokes its kiosk's device token. Both are HMAC-signed (:class:`TokenSigner`) under
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

    def link(self, gate: Gate) -> str | None:
        """A short-lived provisioning token for ``gate``'s kiosk (``None``: the gate has no API key)."""
        fingerprint = self._fingerprint(gate.id)
        return None if fingerprint is None else self._links.issue(f"{_PREFIX}{gate.id}:{fingerprint}")

    def provision(self, link: str) -> str | None:
        """The device token a genuine, unexpired link is exchanged for; ``None`` otherwise."""
        gate = self._gate(self._links, link)
        fingerprint = None if gate is None else self._fingerprint(gate.id)
        return None if gate is None or fingerprint is None else self._devices.issue(f"{_PREFIX}{gate.id}:{fingerprint}")

    def gate(self, device_token: str) -> Gate | None:
        """The registered gate a genuine, unexpired device token names, issued under its current API key."""
        return self._gate(self._devices, device_token)

    def _fingerprint(self, gate_id: str) -> str | None:
        with self._db.sessions() as session:
            return GateRepository(read_only(session)).key_fingerprint(gate_id)

    def _gate(self, signer: TokenSigner, token: str) -> Gate | None:
        claims = signer.verify(token)
        if claims is None or not claims.username.startswith(_PREFIX) or ":" not in claims.username[len(_PREFIX):]:
            return None
        gate_id, fingerprint = claims.username.removeprefix(_PREFIX).rsplit(":", 1)
        with self._db.sessions() as session:
            repo = GateRepository(read_only(session))
            current = repo.key_fingerprint(gate_id)
            if current is None or not hmac.compare_digest(current, fingerprint):
                return None  # unknown gate, or its API key was rotated since: provision the kiosk again
            try:
                return repo.get(gate_id)
            except NotFoundError:
                return None
