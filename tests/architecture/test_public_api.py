"""The public surface of each package is its ``__all__``: these tests pin the exact names, so a change to
what a package offers is a deliberate edit here, and every exported name must exist."""

from __future__ import annotations

import importlib

import pytest

PUBLIC: dict[str, set[str]] = {
    "enrollment.icao": {
        "AccessDeniedError", "ApduError", "AuthenticationError", "CardError", "CardFileError", "CardImage",
        "CertificateEncodingError", "Check", "CheckStatus", "ChipAuthenticationError", "EncodingError",
        "IcaoError", "MasterListError", "MrzError", "PA_CHECKS", "PaceError", "PkiError",
        "SecureMessagingError", "TlvError", "UnsupportedKeyError", "VirtualCard", "load_card", "save_card",
    },
    "enrollment.icao.biometric": {
        "BiometricHeader", "FaceRecord", "IrisImageEntry", "IrisRecord", "decode_face_record",
        "decode_group", "decode_iris_record", "encode_face_record", "encode_group", "encode_iris_record",
    },
    "enrollment.icao.chip": {
        "CaResponder", "ChipProtocols", "PROFILES", "PaceResponder", "chip_protocols",
    },
    "enrollment.icao.inspection": {
        "AccessKey", "CanKey", "CardTransport", "ChipKey", "Check", "CheckStatus", "ChipIrisImage",
        "DecodedDocument", "InspectionReport", "InspectionResult", "TrustStore", "inspect_document",
        "load_trust_store",
    },
    "enrollment.icao.lds": {
        "CardAccess", "ChipAuthOffer", "ComFile", "Dg13Fields", "Dg14File", "FileSpec", "Mrz", "PaceInfo",
        "SodFile", "check_digit", "decode_card_access", "decode_chip_auth", "decode_com", "decode_dg1",
        "decode_dg13", "decode_dg14", "decode_dg15", "decode_dg2", "decode_dg3", "decode_dg4", "decode_sod",
        "encode_card_access", "encode_com", "encode_dg1", "encode_dg13", "encode_dg14", "encode_dg15",
        "encode_dg2", "encode_dg3", "encode_dg4", "encode_sod", "format_mrz", "mrz_information",
        "parse_mrz", "registry", "tlv", "transliterate",
    },
    "enrollment.icao.pki": {
        "ImportResult", "Issuer", "MasterList", "PkiLayout", "TrustStore", "build_master_list", "build_sod",
        "generate_key", "import_master_list", "init_pki", "issue_crl", "issue_csca",
        "issue_document_signer", "issue_link_certificate", "issue_master_list_signer", "load_issuer",
        "load_private_pem", "load_public_pem", "load_trust_store", "passive_auth", "private_pem",
        "public_pem", "security_object", "verify_master_list",
    },
    "enrollment.icao.protocol": {
        "AesSecureMessaging", "CommandApdu", "MseSetAt", "ResponseApdu", "SW", "SecureMessaging",
        "active_auth", "bac", "chip_auth", "decode_command", "decode_dynamic_auth", "decode_response",
        "encode_dynamic_auth", "pace", "terminal_auth",
    },
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
