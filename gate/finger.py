"""The gate's fingerprint stage: a scanner image against the ISO/IEC 19794-2 records read from DG3.

Adapts :class:`matcher.finger.FingerVerifier` to the orchestrator's port. The chip may hold several
records (one per enrolled finger or per record); the live finger is compared with each and the best
calibrated comparison is the one decided on and audited.
"""

from __future__ import annotations

from matcher.finger import FingerVerifier, decode_image
from matcher.finger.params import TARGET_DPI
from matcher.thresholds import Comparison


class ChipFingerVerifier:
    def __init__(self, verifier: FingerVerifier, *, scanner_dpi: float = TARGET_DPI) -> None:
        self._verifier = verifier
        self._dpi = scanner_dpi

    def verify(self, live_image: bytes, templates: list[bytes], fmr_target: float) -> Comparison:
        """Raises :class:`matcher.errors.FingerprintError` when the live image or a record is unusable."""
        if not templates:
            raise ValueError("no fingerprint record to compare with")
        live = self._verifier.capture(decode_image(live_image), dpi=self._dpi)
        results = [self._verifier.verify([live], record, fmr_target) for record in templates]
        best = max(results, key=lambda r: r.fingers[0].score)
        return best.fingers[0].comparison
