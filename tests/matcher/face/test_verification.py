"""1:1 verification on real photographs at the FMR-calibrated threshold."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from matcher.errors import ImageDecodeError, MultipleFacesError, NoFaceError, TemplateMismatchError
from matcher.face.pipeline import FacePipeline
from matcher.image import decode_image
from matcher.templates import Template
from matcher.thresholds import Calibration
from models import load_calibration


def test_same_person_matches_at_fmr_1e3(pipeline: FacePipeline, load_rgb) -> None:  # type: ignore[no-untyped-def]
    cal = load_calibration(pipeline.model_id)
    a = pipeline.capture(load_rgb("obama.jpg"))
    b = pipeline.capture(load_rgb("obama2.jpg"))
    result = pipeline.verify(a.template, b.template, cal, 1e-3)
    assert result.is_match
    assert result.threshold == cal.threshold_for(1e-3)
    assert result.fmr_target == 1e-3 and result.model_id == "dlib-resnet-v1"
    assert 0.0 < result.score < result.threshold


def test_different_people_do_not_match(pipeline: FacePipeline, load_rgb) -> None:  # type: ignore[no-untyped-def]
    cal = load_calibration(pipeline.model_id)
    obama = pipeline.capture(load_rgb("obama.jpg")).template
    for other in ("biden.jpg", "alex-lacamoire.png", "lin-manuel-miranda.png"):
        result = pipeline.verify(obama, pipeline.capture(load_rgb(other)).template, cal, 1e-3)
        assert not result.is_match, other
        assert result.score > result.threshold


def test_stricter_fmr_target_means_a_lower_distance_threshold(pipeline: FacePipeline) -> None:
    cal = load_calibration(pipeline.model_id)
    assert cal.threshold_for(1e-2) > cal.threshold_for(1e-3) > cal.threshold_for(1e-4)
    # face_recognition's customary 0.6 is far looser than a gate may run
    assert cal.threshold_for(1e-3) < 0.6


def test_two_faces_are_refused_for_one_to_one(pipeline: FacePipeline, load_rgb) -> None:  # type: ignore[no-untyped-def]
    image = load_rgb("two_people.jpg")
    assert len(pipeline.detect(image)) == 2
    with pytest.raises(MultipleFacesError) as info:
        pipeline.capture(image)
    assert info.value.count == 2 and info.value.code == "MULTIPLE_FACES"


def test_image_without_a_face(pipeline: FacePipeline, load_rgb) -> None:  # type: ignore[no-untyped-def]
    image = load_rgb("obama.jpg")[:120, :300].copy()  # background above the head
    with pytest.raises(NoFaceError):
        pipeline.capture(cv2.resize(image, (600, 240)))


def test_corrupt_photo_is_a_decode_error(face_samples: Path) -> None:
    data = (face_samples / "obama.jpg").read_bytes()
    with pytest.raises(ImageDecodeError):
        decode_image(data[: len(data) // 3])


def test_partial_face_still_embeds_close_to_the_full_face(pipeline: FacePipeline, load_rgb) -> None:  # type: ignore[no-untyped-def]
    full = pipeline.capture(load_rgb("obama.jpg")).template
    cap = pipeline.capture(load_rgb("obama-480p.jpg"))
    assert pipeline.score(full, cap.template) < 0.3


def test_template_of_another_model_is_refused(pipeline: FacePipeline, load_rgb) -> None:  # type: ignore[no-untyped-def]
    probe = pipeline.capture(load_rgb("obama.jpg")).template
    other = Template("someone-elses-model-v3", probe.vector)
    with pytest.raises(TemplateMismatchError):
        pipeline.score(probe, other)
    with pytest.raises(TemplateMismatchError):
        pipeline.score(probe, Template(probe.model_id, np.zeros(64, np.float32)))


def test_pipeline_reproduces_face_recognition(pipeline: FacePipeline, load_rgb) -> None:  # type: ignore[no-untyped-def]
    import face_recognition

    image = load_rgb("biden.jpg")
    ours = pipeline.capture(image).template.vector
    theirs = np.array(face_recognition.face_encodings(image, model="small")[0])
    assert np.abs(ours - theirs).max() < 1e-6


def test_onnx_embedder_by_configuration_uses_the_shared_calibration(load_rgb, settings) -> None:  # type: ignore[no-untyped-def]
    from gate.model_store import face_pipeline

    onnx = face_pipeline("dlib-resnet-v1-onnx", cache_dir=settings.model_cache_dir, models_root=settings.models_root)
    assert onnx.model_id == "dlib-resnet-v1-onnx" and onnx.calibration_id == "dlib-resnet-v1"
    cal = load_calibration(onnx.calibration_id)
    a = onnx.capture(load_rgb("obama.jpg")).template
    b = onnx.capture(load_rgb("obama2.jpg")).template
    result = onnx.verify(a, b, cal, 1e-3)
    assert result.is_match and result.model_id == "dlib-resnet-v1-onnx"
    with pytest.raises(ValueError, match="calibration"):
        onnx.verify(a, b, Calibration("other-model", True, {1e-3: 0.5}), 1e-3)
    with pytest.raises(ValueError, match="direction"):  # a similarity threshold on a distance accepts impostors
        onnx.verify(a, b, Calibration("dlib-resnet-v1", False, {1e-3: 0.5}), 1e-3)
