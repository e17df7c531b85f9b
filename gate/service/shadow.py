"""Shadow zero-effort impostor comparisons beside live traffic: the operational FMR estimate (BSI TR-03121).

Each live face capture, once the gate has compared it with its own chip photo, is also compared with the
chip references of the last ``k`` *other* travellers. Those pairs are zero-effort impostors; the share of
them that reaches the threshold in force estimates the FMR the gate operates at.

Privacy and cost, by construction:

- the references are held in memory only (a bounded ring, each dropped after ``max_age_s``), never
  written anywhere; a restart forgets them;
- only counts are stored: per capture, how many comparisons were made and how many reached the threshold
  (with the model and the FMR target), the time cut to the minute, no transaction id, no score;
- the comparisons are ``k`` dot products (or distances) on embeddings the gate already computed;
- the step calls :meth:`ShadowImpostors.observe` after its own comparison and ignores anything it raises:
  the decision never depends on it. The counts are written in batches, off the transaction's path.

The same chip (a retry, the same document at another lane) is never compared with itself: references
are told apart by a digest of the template. A traveller holding two documents among the last ``k``
travellers would count as an impostor pair; that is rare and errs on the safe side (a higher FMR).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import numpy as np
import structlog
from numpy.typing import NDArray

from gate.logging import failure_fields
from gate.store import Database, utc_now
from gate.store.shift_models import ShadowTallyRow
from matcher.face.compare import Metric, pairwise_scores
from matcher.templates import Template
from matcher.thresholds import Comparison

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class _Reference:
    digest: bytes
    model_id: str
    vector: NDArray[np.float32]
    seen_at: float  # monotonic


@dataclass
class _Tally:
    comparisons: int = 0
    false_matches: int = 0


class ShadowImpostors:
    def __init__(self, db: Database, *, k: int = 32, max_age_s: float = 900.0, flush_every_s: float = 60.0,
                 clock: Callable[[], datetime] = utc_now, monotonic: Callable[[], float] = time.monotonic) -> None:
        if k < 1:
            raise ValueError("k must be at least 1")
        self._db, self.k, self._max_age_s, self._flush_every_s = db, k, max_age_s, flush_every_s
        self._clock, self._monotonic = clock, monotonic
        self._references: deque[_Reference] = deque(maxlen=k)
        self._pending: dict[tuple[datetime, str, float], _Tally] = {}
        self._lock = threading.Lock()
        self._flushing = threading.Lock()
        self._last_flush = monotonic()

    def observe(self, probe: Template, reference: Template, comparison: Comparison) -> None:
        """Compare ``probe`` with the other recent travellers' references, tally, then remember ``reference``."""
        now = self._monotonic()
        digest = hashlib.sha256(np.ascontiguousarray(reference.vector).tobytes()).digest()
        with self._lock:
            while self._references and now - self._references[0].seen_at > self._max_age_s:
                self._references.popleft()
            others = [r.vector for r in self._references
                      if r.digest != digest and r.model_id == probe.model_id and r.vector.shape == probe.vector.shape]
            self._references = deque((r for r in self._references if r.digest != digest), maxlen=self.k)
            self._references.append(_Reference(digest, reference.model_id, reference.vector.copy(), now))
        if others:
            matches = self._matches(probe.vector, np.stack(others), comparison)
            minute = self._clock().replace(second=0, microsecond=0)
            with self._lock:
                tally = self._pending.setdefault((minute, comparison.model_id, comparison.fmr_target), _Tally())
                tally.comparisons += len(others)
                tally.false_matches += matches
        if now - self._last_flush >= self._flush_every_s:
            self._last_flush = now
            threading.Thread(target=self._flush_quietly, name="shadow-flush", daemon=True).start()

    @staticmethod
    def _matches(probe: NDArray[np.float32], others: NDArray[np.float32], comparison: Comparison) -> int:
        metric: Metric = "euclidean" if comparison.lower_is_better else "cosine"
        scores = pairwise_scores(probe[None, :], others, metric)[0]
        hits = scores <= comparison.threshold if comparison.lower_is_better else scores >= comparison.threshold
        return int(np.count_nonzero(hits))

    def references_held(self) -> int:
        with self._lock:
            return len(self._references)

    def flush(self) -> int:
        """Write the pending counts (one row per minute, model and FMR target); returns the rows written.
        Counts that cannot be written stay pending for the next flush."""
        with self._flushing:
            with self._lock:
                pending, self._pending = self._pending, {}
            if not pending:
                return 0
            try:
                with self._db.sessions.begin() as session:
                    session.add_all(ShadowTallyRow(created_at=minute, model_id=model_id, fmr_target=target,
                                                   comparisons=t.comparisons, false_matches=t.false_matches)
                                    for (minute, model_id, target), t in pending.items())
            except Exception:
                with self._lock:
                    for key, t in pending.items():
                        mine = self._pending.setdefault(key, _Tally())
                        mine.comparisons += t.comparisons
                        mine.false_matches += t.false_matches
                raise
            return len(pending)

    def _flush_quietly(self) -> None:
        try:
            self.flush()
        except Exception as exc:
            log.warning("shadow_flush_failed", **failure_fields(exc))
