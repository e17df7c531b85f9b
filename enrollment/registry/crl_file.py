"""The enrolment CA's CRL as a file that is republished while the registry and the desks run.

:class:`CrlFile` reads the file again whenever it changes (its size, inode or modification time), so a CRL
copied in by the operator takes effect at the next certificate check, without a restart — if it is the CA's
own and no older than the one in force: anything else in its place (removed, unreadable, another CA's, an
older copy) is logged and the last good CRL stays, so no mistake with the file switches revocation off. Where the CA key
is at hand (an embedded desk, or a registry kept with its CA), ``renew`` publishes the next CRL once the
current one is due within ``margin``; a renewal that fails is logged, tried again ten minutes later, and the
old CRL kept meanwhile, which refuses certificates once it is past its next update.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509

from enrollment.registry.enrolment_trust import crl_current, crl_signed_by

log = logging.getLogger(__name__)

RENEW_MARGIN = timedelta(days=30)  # a CRL renews itself (where the CA key is) this long before its next update
RETRY_AFTER = timedelta(minutes=10)  # after a failed renewal, the next attempt (not one per certificate check)

Crls = tuple[x509.CertificateRevocationList, ...]


class CrlFile:
    def __init__(self, path: Path, ca: x509.Certificate, renew: Callable[[datetime], object] | None = None,
                 margin: timedelta = RENEW_MARGIN) -> None:
        self.path, self._ca, self._renew, self._margin = path, ca, renew, margin
        self._lock = threading.Lock()
        self._seen: tuple[int, int, int] | None = None
        self._crl: x509.CertificateRevocationList | None = None  # the last good one: the CA's, the newest
        self._next_attempt: datetime | None = None

    def crls(self, at: datetime) -> Crls:
        """The CA's CRL as the file holds it now, renewed first when due at ``at`` and the CA key is at hand."""
        with self._lock:
            self._read(at)
            if self._renew is not None and self._crl is not None and self._due(self._crl, at) and self._may_try(at):
                try:
                    self._renew(at)
                    self._next_attempt = None
                except Exception as exc:  # any failure: keep the old CRL, which then fails secure
                    log.error("enrolment CRL not renewed: %s: %s", type(exc).__name__, exc)
                    self._next_attempt = at + RETRY_AFTER
                self._read(at)
            return () if self._crl is None else (self._crl,)

    def _may_try(self, at: datetime) -> bool:
        return self._next_attempt is None or at >= self._next_attempt

    def _due(self, crl: x509.CertificateRevocationList, at: datetime) -> bool:
        """Within ``margin`` of its next update, or not current at all (a clock that had run ahead)."""
        ends = crl.next_update_utc
        return ends is not None and (ends - at < self._margin or crl.last_update_utc > at)

    def _read(self, at: datetime) -> None:
        """Take the file's CRL if it changed and is one of this CA no older than the one in force (or current
        at ``at`` when that one is not: after a clock that had run ahead); keep the last good one otherwise (a
        file removed, unreadable, another CA's or older: logged). Nothing read yet and no file: no CRL."""
        try:
            status = os.stat(self.path)
            seen = (status.st_ino, status.st_size, status.st_mtime_ns)
            if seen == self._seen:
                return
            self._seen = seen
            crl = x509.load_pem_x509_crl(self.path.read_bytes())
        except FileNotFoundError:
            if self._crl is not None and self._seen is not None:
                log.error("enrolment CRL %s removed; the last one read is kept", self.path)
            self._seen = None
            return
        except (OSError, ValueError) as exc:
            log.error("enrolment CRL %s unreadable; the last one read is kept: %s", self.path, exc)
            return
        if not crl_signed_by(crl, self._ca):
            log.error("enrolment CRL %s is not signed by the enrolment CA; the last one read is kept", self.path)
        elif (self._crl is not None and crl.last_update_utc < self._crl.last_update_utc
              and (crl_current(self._crl, at) or not crl_current(crl, at))):
            log.error("enrolment CRL %s is older than the one in force; the last one read is kept", self.path)
        else:
            self._crl = crl
