"""face-reidentification-retail-0095 through the registry and the pipeline its manifest describes, on real
LFW faces: the same person scores higher than two different people, with either detector."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.face.pipeline import FacePipeline
from matcher.face.quality import RELAXED
from matcher.face.similarity import SimilarityAligner
from matcher.image import decode_image
from tests.conftest import require

GENUINE = [("Akhmed_Zakayev", 1, "Akhmed_Zakayev", 3), ("Angela_Bassett", 2, "Angela_Bassett", 5),
           ("Anders_Fogh_Rasmussen", 1, "Anders_Fogh_Rasmussen", 4)]
IMPOSTOR = [("Akhmed_Zakayev", 1, "Angela_Bassett", 2), ("Angela_Bassett", 5, "Anders_Fogh_Rasmussen", 1),
            ("Abdel_Madi_Shabneh", 1, "Mikhail_Gorbachev", 1)]


def _pipeline(shared_dir: Path, detector: str, tmp_path: Path) -> FacePipeline:
    from gate.model_store import face_pipeline

    require(shared_dir / "models/omz-face-reid-0095")
    yunet = (require(shared_dir / "models/yunet/face_detection_yunet_2023mar.onnx").read_bytes()
             if detector == "yunet" else None)
    return face_pipeline("omz-face-reid-0095", detector, cache_dir=tmp_path,  # type: ignore[arg-type]
                         models_root=shared_dir / "models", yunet_model=yunet, quality_profile=RELAXED)


@pytest.mark.parametrize("detector", ["yunet", "hog"])
def test_genuine_pairs_score_above_impostor_pairs(shared_dir: Path, detector: str, tmp_path: Path) -> None:
    lfw = require(shared_dir / "data/faces/lfw/lfw-deepfunneled")
    pipeline = _pipeline(shared_dir, detector, tmp_path)
    assert isinstance(pipeline.aligner, SimilarityAligner) and pipeline.metric == "cosine"

    def template(name: str, n: int):  # type: ignore[no-untyped-def]
        image = decode_image((lfw / name / f"{name}_{n:04d}.jpg").read_bytes()).rgb
        return pipeline.capture(image, allow_several=True).template

    def score(a: str, i: int, b: str, j: int) -> float:
        return pipeline.score(template(a, i), template(b, j))

    genuine = [score(*p) for p in GENUINE]
    impostor = [score(*p) for p in IMPOSTOR]
    assert min(genuine) > max(impostor), (genuine, impostor)
    assert min(genuine) > 0.4 and max(impostor) < 0.4
