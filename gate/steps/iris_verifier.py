"""The gate's iris stage: each live eye against DG4's images of the same eye, both eyes fused.

Adapts :mod:`matcher.iris` to the gate's port. DG4 holds whole-eye images (ISO/IEC 19794-6), so each
reference is segmented and encoded here like the live image. Per eye, the live code is compared with every
DG4 image of that eye (and with images whose eye is undefined); the smallest normalised Hamming distance
decides, at the threshold calibrated for the strictest FMR at or below ``target / N`` for N references
(best of N, as for fingers), and its FMR estimate is multiplied by N. The eyes are then fused through their
FMR curves — the product of the eyes' estimates against the target (impostor comparisons of the right and
of the left eye are independent) — which is the iris modality's own decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np

from enrollment.icao.inspection import ChipIrisImage
from gate.ports import IrisEye
from matcher.errors import CalibrationError
from matcher.fusion import fuse_comparisons
from matcher.iris import IrisCode, IrisError, compare, encode_image
from matcher.thresholds import Calibration, Comparison

EYES: tuple[IrisEye, ...] = ("right", "left")


class IrisEyeMissingError(IrisError):
    """No eye the scanner imaged has an image in DG4 (or the scanner imaged none)."""

    code = "IRIS_EYE_MISSING"


class IrisReferenceError(IrisError):
    """A DG4 image gives no iris code: the chip's record, not the traveller, is at fault."""

    code = "IRIS_REFERENCE_UNUSABLE"


@dataclass(frozen=True)
class IrisVerification:
    eyes: tuple[tuple[IrisEye, Comparison], ...]  # each eye compared, right before left, in native distances
    combined: Comparison  # the eyes fused: score and FMR estimate are the product of the eyes' estimates

    @property
    def is_match(self) -> bool:
        return self.combined.is_match


class ChipIrisVerifier:
    def __init__(self, calibration: Calibration) -> None:
        if not calibration.lower_is_better:
            raise CalibrationError(f"calibration {calibration.model_id!r} is not one of distances")
        if calibration.fmr_curve is None:
            raise CalibrationError(f"calibration {calibration.model_id!r} has no fmr_curve: the eyes cannot be "
                                   "fused (run 'egate-lab eval iris --calibrate')")
        self.calibration = calibration

    def verify(self, live: Mapping[IrisEye, bytes], references: Sequence[ChipIrisImage],
               fmr_target: float) -> IrisVerification:
        """Raises :class:`matcher.iris.IrisError` when a live eye image or a DG4 image is unusable."""
        pairs = [(eye, live[eye], [r for r in references if r.eye in (eye, "undefined")]) for eye in EYES
                 if eye in live]
        pairs = [(eye, image, refs) for eye, image, refs in pairs if refs]
        if not pairs:
            raise IrisEyeMissingError(f"the scanner imaged {sorted(live) or 'no eye'}, DG4 holds "
                                      f"{sorted({r.eye for r in references}) or 'no eye'}", stage="compare")
        eyes = tuple((eye, self._eye(encode_image(image), refs, fmr_target)) for eye, image, refs in pairs)
        fused = fuse_comparisons([(f"iris-{eye}", c) for eye, c in eyes], fmr_target)
        combined = Comparison(score=fused.fused_fmr, threshold=fmr_target, fmr_target=fmr_target,
                              lower_is_better=True, model_id=self.calibration.model_id,
                              fmr_estimate=fused.fused_fmr)
        return IrisVerification(eyes, combined)

    def _eye(self, probe: IrisCode, references: list[ChipIrisImage], fmr_target: float) -> Comparison:
        effective = strictest_calibrated(self.calibration, fmr_target, len(references))
        best = min(compare(probe, reference_code(r)).distance for r in references)
        comparison = self.calibration.compare(best, effective)
        estimate = comparison.fmr_estimate
        assert estimate is not None  # the constructor checked the curve
        return replace(comparison, fmr_estimate=min(1.0, estimate * len(references)))  # best of N: N chances


def reference_code(reference: ChipIrisImage) -> IrisCode:
    """The iris code of one DG4 image (JPEG bytes, or raw 8-bit grey of the record's size)."""
    try:
        if reference.image_format == "mono_raw":
            pixels = np.frombuffer(reference.image, np.uint8).reshape(reference.height, reference.width)
            return encode_image(pixels)
        return encode_image(reference.image)
    except IrisError as exc:
        raise IrisReferenceError(f"DG4 image of the {reference.eye} eye: {exc.code}: {exc}",
                                 stage="reference") from exc


def strictest_calibrated(calibration: Calibration, fmr_target: float, comparisons: int) -> float:
    """The calibrated FMR to compare at so that the best of ``comparisons`` stays within ``fmr_target``."""
    allowed = fmr_target / max(comparisons, 1)
    usable = [fmr for fmr in calibration.thresholds if fmr <= allowed * (1 + 1e-9)]
    if not usable:
        raise CalibrationError(f"{calibration.model_id!r} has no threshold at FMR <= {allowed:g} "
                               f"for {comparisons} references")
    return max(usable)
