from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from matcher.face.factory import build_pipeline
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import RELAXED
from matcher.image import decode_image


@pytest.fixture(scope="session")
def pipeline() -> FacePipeline:
    return build_pipeline("hog", quality_profile=RELAXED)


@pytest.fixture(scope="session")
def load_rgb(face_samples: Path):  # type: ignore[no-untyped-def]
    def load(name: str) -> np.ndarray:
        return decode_image((face_samples / name).read_bytes()).rgb

    return load
