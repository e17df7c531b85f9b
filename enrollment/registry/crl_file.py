"""The enrolment CA's CRL as a file that is republished while the registry and the desks run.

:class:`CrlFile` reads the file again whenever it changes (its size, inode or modification time), so a CRL
copied in by the operator takes effect at the next certificate check, without a restart. Where the CA key
is at hand (an embedded desk, or a registry kept with its CA), ``renew`` publishes the next CRL once the
current one is due within ``margin``; a renewal that fails is logged, tried again ten minutes later, and the
old CRL kept meanwhile, which refuses certificates once it is past its next update. A file that cannot be
parsed keeps the last good CRL too.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509

log = logging.getLogger(__name__)

RENEW_MARGIN = timedelta(days=30)  # a CRL renews itself (where the CA key is) this long before its next update
RETRY_AFTER = timedelta(minutes=10)  # after a failed renewal, the next attempt (not one per certificate check)

Crls = tuple[x509.CertificateRevocationList, ...]


class CrlFile:
    def __init__(self, path: Path, renew: Callable[[datetime], object] | None = None,
                 margin: timedelta = RENEW_MARGIN) -> None:
        self.path, self._renew, self._margin = path, renew, margin
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._crls: Crls = ()
        self._next_attempt: datetime | None = None

    def crls(self, at: datetime) -> Crls:
        """The CRLs in the file as it is now, renewed first when due at ``at`` and the CA key is at hand."""
        with self._lock:
            current = self._read()
            if self._renew is not None and current and self._due(current, at) and self._may_try(at):
                try:
                    self._renew(at)
                    self._next_attempt = None
                except Exception as exc:  # any failure: keep the old CRL, which then fails secure
                    log.error("enrolment CRL not renewed: %s: %s", type(exc).__name__, exc)
                    self._next_attempt = at + RETRY_AFTER
                current = self._read()
            return current

    def _may_try(self, at: datetime) -> bool:
        return self._next_attempt is None or at >= self._next_attempt

    def _due(self, crls: Crls, at: datetime) -> bool:
        return all(crl.next_update_utc is not None and crl.next_update_utc - at < self._margin for crl in crls)

    def _read(self) -> Crls:
        try:
            status = os.stat(self.path)
        except FileNotFoundError:
            self._seen, self._crls = None, ()
            return ()
        seen = (status.st_ino, status.st_size, status.st_mtime_ns)
        if seen != self._seen:
            try:
                self._crls = (x509.load_pem_x509_crl(self.path.read_bytes()),)
            except (OSError, ValueError) as exc:
                log.error("enrolment CRL %s unreadable, the last one read is kept: %s", self.path, exc)
            self._seen = seen
        return self._crls
