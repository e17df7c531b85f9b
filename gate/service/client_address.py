"""Who is calling, for the sign-in throttle: the TCP peer, unless the peer is a configured proxy.

``X-Forwarded-For`` is a header any client can write, so it is believed only as far as it was written by
proxies the operator named (``EGATE_API__TRUSTED_PROXIES``): walking the list from the right (the hop
nearest to us), every address that is a trusted proxy is skipped, and the first one that is not is the
client. With no trusted proxies configured — the default — the header is ignored entirely, and a client
cannot step around the per-address lock by varying it.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustedProxies:
    def __init__(self, networks: Sequence[Network] = ()) -> None:
        self._networks = tuple(networks)

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address.strip())
        except ValueError:
            return False
        return any(ip.version == n.version and ip in n for n in self._networks)

    def client(self, peer: str | None, forwarded_for: str | None) -> str | None:
        """The client's address: ``peer``, or the nearest untrusted hop a trusted proxy reported."""
        if peer is None or not forwarded_for or not self._trusted(peer):
            return peer
        hops = [hop.strip() for hop in forwarded_for.split(",")]
        for hop in reversed(hops):
            if not hop:
                continue
            if not self._trusted(hop):
                try:
                    return str(ipaddress.ip_address(hop))
                except ValueError:  # garbage a proxy passed on: the proxy is the last address we can name
                    return peer
        return peer
