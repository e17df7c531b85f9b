"""The registry's Deduplicator on real data: a second photo of an enrolled man under another application
is found among real faces; fingers and irises carry a duplicate whose face differs; bad inputs raise typed
errors and leave the registry unchanged."""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from enrollment.registry import (
    ApplicantBiometrics,
    Deduplicator,
    DuplicateApplicationError,
    FaceEmbedder,
    NoBiometricsError,
    UnknownApplicationError,
    UnusableTemplateError,
    default_deduplicator,
)
from matcher.iris.pipeline import encode_image
from matcher.iris.template import encode_code
from tests.conftest import require


def face(jpeg: bytes) -> ApplicantBiometrics:
    return ApplicantBiometrics(jpeg, {}, {})


@pytest.fixture
def registry(embedder: FaceEmbedder, lfw_people: dict[str, bytes], face_samples: Path) -> Deduplicator:
    dedup = default_deduplicator(embedder, fpir_target=0.01)
    for name, jpeg in lfw_people.items():
        dedup.enroll(f"case-{name}", face(jpeg))
    dedup.enroll("case-obama", face((face_samples / "obama.jpg").read_bytes()))
    return dedup


def test_a_second_photo_under_another_application_is_caught(registry: Deduplicator, face_samples: Path) -> None:
    assert registry.count() == 13
    found = registry.search(face((face_samples / "obama2.jpg").read_bytes()))
    assert [c.application_id for c in found] == ["case-obama"]
    assert set(found[0].per_modality) == {"face"} and found[0].fused_fmr < 0.01 / 13


def test_a_different_person_and_an_excluded_application_raise_no_candidate(registry: Deduplicator,
                                                                          face_samples: Path) -> None:
    assert registry.search(face((face_samples / "biden.jpg").read_bytes())) == []
    assert registry.search(face((face_samples / "obama2.jpg").read_bytes()), exclude={"case-obama"}) == []


def test_removed_applications_are_no_longer_found(registry: Deduplicator, face_samples: Path) -> None:
    registry.remove("case-obama")
    assert registry.count() == 12
    assert registry.search(face((face_samples / "obama2.jpg").read_bytes())) == []
    with pytest.raises(UnknownApplicationError):
        registry.remove("case-obama")


def test_fingers_and_irises_carry_a_duplicate_with_another_face(embedder: FaceEmbedder, face_samples: Path,
                                                               fingerprints_dir: Path, shared_dir: Path) -> None:
    iso = require(fingerprints_dir / "iso19794-2" / "fvc2002_DB1_B")
    casia = require(shared_dir / "data" / "iris" / "casia-iris-v1")
    iris = {n: encode_code(encode_image((casia / str(int(n[:3])) / f"{n}.jpg").read_bytes()))
            for n in ("001_1_1", "001_2_2", "050_1_2")}
    dedup = default_deduplicator(embedder, fpir_target=0.001)
    dedup.enroll("case-a", ApplicantBiometrics((face_samples / "obama.jpg").read_bytes(),
                                               {2: (iso / "101_1.iso").read_bytes()}, {"right": iris["001_1_1"]}))
    dedup.enroll("case-b", ApplicantBiometrics(None, {2: (iso / "102_1.iso").read_bytes()},
                                               {"right": iris["050_1_2"]}))
    applicant = ApplicantBiometrics((face_samples / "biden.jpg").read_bytes(),
                                    {2: (iso / "101_2.iso").read_bytes()}, {"right": iris["001_2_2"]})
    [candidate] = dedup.search(applicant)
    assert candidate.application_id == "case-a"
    assert set(candidate.per_modality) == {"face", "finger:2", "iris:right"}
    assert candidate.per_modality["face"] > 0.01  # the face says "someone else"...
    assert candidate.per_modality["iris:right"] < 1e-4  # ...the eye and the finger say "the same person"
    assert candidate.per_modality["finger:2"] < 1e-3


def test_bad_inputs_raise_typed_errors_and_change_nothing(registry: Deduplicator, face_samples: Path) -> None:
    obama = (face_samples / "obama.jpg").read_bytes()
    with pytest.raises(NoBiometricsError):
        registry.search(ApplicantBiometrics(None, {}, {}))
    with pytest.raises(DuplicateApplicationError):
        registry.enroll("case-obama", face(obama))
    with pytest.raises(UnusableTemplateError) as corrupt_finger:
        registry.enroll("case-new", ApplicantBiometrics(obama, {2: b"FMR\x00 20\x00garbage"}, {}))
    assert corrupt_finger.value.modality == "finger:2"
    with pytest.raises(UnusableTemplateError) as corrupt_iris:
        registry.search(ApplicantBiometrics(None, {}, {"right": b"EIC1" + bytes(40)}))
    assert corrupt_iris.value.cause_code == "IRIS_TEMPLATE"
    with pytest.raises(UnusableTemplateError):
        registry.search(ApplicantBiometrics(None, {11: b"x"}, {}))
    with pytest.raises(UnusableTemplateError):
        registry.search(ApplicantBiometrics(None, {}, {"middle": b"x"}))
    grey = io.BytesIO()
    Image.fromarray(np.full((240, 320, 3), 128, np.uint8)).save(grey, format="JPEG")
    with pytest.raises(UnusableTemplateError) as no_face:
        registry.enroll("case-grey", face(grey.getvalue()))
    assert no_face.value.modality == "face" and no_face.value.cause_code == "NO_FACE"
    with pytest.raises(UnusableTemplateError):
        registry.search(face(b"not a jpeg"))
    assert registry.count() == 13 and "case-new" not in [c.application_id for c in registry.search(face(obama))]


def test_an_empty_registry_has_no_candidates(embedder: FaceEmbedder, face_samples: Path) -> None:
    dedup = default_deduplicator(embedder)
    assert dedup.count() == 0
    assert dedup.search(face((face_samples / "obama.jpg").read_bytes())) == []
    with pytest.raises(ValueError):
        default_deduplicator(embedder, fpir_target=0.0)
