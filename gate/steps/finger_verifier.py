"""The gate's fingerprint stage: a scanner image against the ISO/IEC 19794-2 records read from DG3.

Adapts :class:`matcher.finger.FingerVerifier` to the orchestrator's port. The chip may hold several
records and views (one per enrolled finger); the live finger is compared with each and the best score
decides. Taking the best of N comparisons multiplies the false-match chance by about N, so the threshold
is the one calibrated for the strictest FMR at or below ``target / N`` (Bonferroni); the comparison
that is audited carries that effective target.
"""

from __future__ import annotations

from dataclasses import replace

from matcher.errors import FingerprintError
from matcher.finger import FingerVerifier, decode_image, iso19794_2
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
        references = sum(len(iso19794_2.decode(record).templates) for record in templates)
        effective = corrected_fmr(self._verifier.calibration.thresholds, fmr_target, references)
        live = self._verifier.capture(decode_image(live_image), dpi=self._dpi)
        results = [self._verifier.verify([live], record, effective) for record in templates]
        best = max(results, key=lambda r: r.fingers[0].score).fingers[0].comparison
        if best.fmr_estimate is None:
            return best
        return replace(best, fmr_estimate=min(1.0, best.fmr_estimate * references))  # best of N: N chances


def corrected_fmr(calibrated: dict[float, float], fmr_target: float, comparisons: int) -> float:
    """The strictest-needed calibrated FMR for the best of ``comparisons`` comparisons at ``fmr_target``."""
    allowed = fmr_target / max(comparisons, 1)
    usable = [fmr for fmr in calibrated if fmr <= allowed * (1 + 1e-9)]
    if not usable:
        raise FingerprintError(f"no threshold calibrated at FMR <= {allowed:g} for {comparisons} references",
                               stage="finger")
    return max(usable)
