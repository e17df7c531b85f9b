"""The capture quality gates on real images: the face held to the ICAO portrait rules, fingers to NFIQ 2,
irises to the ISO/IEC 29794-6 enrolment profile; every refusal a typed code."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from enrollment.desk.face_capture import assess_face
from enrollment.desk.finger_capture import assess_finger
from enrollment.desk.iris_capture import assess_iris
from enrollment.photo import open_image
from matcher.face.pipeline import FacePipeline
from matcher.finger import decode, get_extractor
from matcher.image import encode_jpeg
from matcher.iris import decode_code
from tests.enrollment.desk.conftest import eye
from tests.enrollment.desk.portraits import shadowed


def test_a_framed_portrait_becomes_the_dg2_token_portrait(desk_pipeline: FacePipeline, portrait: bytes) -> None:
    verdict, criteria = assess_face(portrait, desk_pipeline)
    assert verdict.accepted and verdict.codes == () and all(c.passed for c in criteria)
    assert verdict.sample is not None and verdict.sample.image == portrait
    token = open_image(verdict.sample.template, "portrait")
    assert (token.format, token.size) == ("JPEG", (240, 320)) and len(verdict.sample.template) <= 20_000


@pytest.mark.parametrize(("photo", "codes"), [
    ("two_people.jpg", {"MULTIPLE_FACES"}),
    ("obama-480p.jpg", {"EYE_DISTANCE_LOW", "FACE_TOO_SMALL"}),  # a press photo: fails border capture
    ("obama2.jpg", {"YAW"}),  # turned away
])
def test_photos_that_break_the_rules_are_refused(desk_pipeline: FacePipeline, face_samples: Path, photo: str,
                                                 codes: set[str]) -> None:
    verdict, _ = assess_face((face_samples / photo).read_bytes(), desk_pipeline)
    assert not verdict.accepted and verdict.sample is None
    assert codes <= set(verdict.codes)


def test_a_fingerprint_or_an_eye_is_no_face(desk_pipeline: FacePipeline, fvc: Path, casia: Path) -> None:
    for data in ((fvc / "101_1.tif").read_bytes(), eye(casia, "033_1_1")):
        verdict, _ = assess_face(data, desk_pipeline)
        assert verdict.codes == ("NO_FACE",)


def test_a_strong_shadow_is_uneven_lighting(desk_pipeline: FacePipeline, portrait: bytes) -> None:
    verdict, criteria = assess_face(shadowed(portrait), desk_pipeline)
    assert "UNEVEN_LIGHTING" in verdict.codes
    assert next(c for c in criteria if c.name == "lighting_balance").value > 0.25


def test_bytes_that_are_no_image_are_unreadable(desk_pipeline: FacePipeline) -> None:
    assert assess_face(b"%PDF-1.7 not a photo", desk_pipeline)[0].codes == ("IMAGE_UNREADABLE",)


@pytest.fixture(scope="module")
def extractor():  # type: ignore[no-untyped-def]
    return get_extractor("mindtct")


def test_a_good_thumb_gives_an_iso_record_with_its_position(fvc: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    verdict = assess_finger((fvc / "104_1.tif").read_bytes(), 1, extractor)
    assert verdict.accepted and verdict.score is not None and verdict.score >= 30
    assert verdict.sample is not None
    (template,) = decode(verdict.sample.template).templates
    assert template.finger_position == 1 and template.count >= 12


def test_nfiq2_below_the_fingers_minimum_is_refused(fvc: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    image = cv2.imread(str(fvc / "104_1.tif"), cv2.IMREAD_GRAYSCALE)
    assert image is not None
    smeared = cv2.GaussianBlur(image, (0, 0), 2.2)
    data = bytes(cv2.imencode(".png", smeared)[1].tobytes())
    thumb = assess_finger(data, 1, extractor)
    assert thumb.codes == ("NFIQ2_LOW",) and thumb.score is not None and 10 <= thumb.score < 30
    assert thumb.sample is None
    assert assess_finger(data, 4, extractor).accepted  # the same print passes as a ring finger (minimum 10)


def test_a_face_is_not_a_fingerprint(face_samples: Path, extractor) -> None:  # type: ignore[no-untyped-def]
    verdict = assess_finger((face_samples / "obama.jpg").read_bytes(), 2, extractor)
    assert verdict.codes == ("NOT_A_FINGERPRINT",)


def test_a_centred_eye_gives_an_iris_code(casia: Path) -> None:
    verdict, criteria = assess_iris(eye(casia, "033_1_1"))
    assert verdict.accepted and all(c.passed for c in criteria)
    assert verdict.sample is not None and decode_code(verdict.sample.template).model_id


def test_an_eye_at_the_frame_edge_or_a_blank_is_refused(casia: Path) -> None:
    verdict, _ = assess_iris(eye(casia, "001_1_1"))
    assert "IRIS_AT_EDGE" in verdict.codes and verdict.sample is None
    blank = encode_jpeg(np.full((280, 320, 3), 128, np.uint8))
    assert assess_iris(blank)[0].codes == ("IRIS_IMAGE_BLANK",)
