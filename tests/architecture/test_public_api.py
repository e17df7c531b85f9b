"""The public surface of each package is its ``__all__``: these tests pin the exact names, so a change to
what a package offers is a deliberate edit here, and every exported name must exist."""

from __future__ import annotations

import importlib

import pytest

PUBLIC: dict[str, set[str]] = {
    "matcher": {
        "Calibration", "CalibrationError", "Comparison", "DecodedImage", "FaceCountError",
        "FingerprintError", "ImageDecodeError", "ImageError", "ImageTooLargeError", "ImageTooSmallError",
        "MatcherError", "ModelError", "MultipleFacesError", "NoFaceError", "Template", "TemplateError",
        "TemplateFormatError", "TemplateMismatchError", "decode_image", "decode_template", "encode_jpeg",
        "encode_template",
    },
    "matcher.face": {
        "AlignedFace", "BORDER_CAPTURE", "DetectedFace", "DetectorName", "DlibResNetEmbedder",
        "FaceAligner", "FaceBox", "FaceCapture", "FaceDetector", "FaceEmbedder", "FacePipeline",
        "FaceQuality", "LandmarkPredictor", "Landmarks5", "Metric", "MiniFasNetPad", "ModelManifest",
        "OnnxFaceEmbedder", "PROFILES", "Preprocess", "PresentationAttackDetector", "QualityProfile",
        "RELAXED", "RgbImage", "RuntimeOptions", "assess_quality", "build_detector", "build_pipeline",
        "cosine_similarity", "euclidean_distance", "score", "token_portrait", "variant_name",
    },
    "matcher.finger": {
        "BlankImageError", "Bozorth3Matcher", "Extractor", "FingerComparison", "FingerImage",
        "FingerImageError", "FingerTemplate", "FingerTemplateError", "FingerVerification", "FingerVerifier",
        "FingerView", "FusedDecision", "GaborMindtctExtractor", "ImpossibleMinutiaError", "LeaderExtractor",
        "Matcher", "MccMatcher", "MindtctExtractor", "MinutiaeRecord", "NotAFingerprintError",
        "TooFewMinutiaeError", "at_resolution", "decode", "decode_image", "encode", "fuse", "get_extractor",
        "get_matcher", "make_template", "model_id", "normalise", "record_of", "rescaled",
    },
    "matcher.iris": {
        "BlankIrisImageError", "Candidate", "Circle", "Eyelid", "ISO_29794_6", "IrisCode", "IrisComparison",
        "IrisError", "IrisGallery", "IrisImage", "IrisImageError", "IrisImageTypeError",
        "IrisNotFoundError", "IrisOccludedError", "IrisQuality", "IrisQualityProfile", "IrisTemplate",
        "IrisTemplateError", "MODEL_ID", "NormalisedIris", "Segmentation", "assess_quality",
        "build_gallery", "compare", "decode_code", "decode_image", "duplicates", "encode", "encode_code",
        "encode_image", "from_array", "process", "rubber_sheet", "search", "segment",
    },
    "matcher.search": {
        "GalleryIndex", "Hit", "IdentificationDecision", "SearchResult", "decide", "index_from_bytes",
        "index_to_bytes", "per_comparison_fmr",
    },
}


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_exports_exactly_the_public_names(package: str) -> None:
    module = importlib.import_module(package)
    assert set(module.__all__) == PUBLIC[package]
    assert len(module.__all__) == len(set(module.__all__)), "a name is exported twice"


@pytest.mark.parametrize("package", sorted(PUBLIC))
def test_every_exported_name_exists(package: str) -> None:
    module = importlib.import_module(package)
    missing = [name for name in module.__all__ if not hasattr(module, name)]
    assert missing == []
