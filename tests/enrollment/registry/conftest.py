"""Real faces embedded by the gate's default pipeline (YuNet + omz-face-reid-0095), real ISO finger records
and real iris codes (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from enrollment.registry import FaceEmbedder
from gate.assembly import build_face_pipeline
from gate.settings import GateSettings, Settings
from matcher.image import decode_image
from tests.conftest import require

LFW_PEOPLE = 12


@pytest.fixture(scope="session")
def embedder(shared_dir: Path) -> FaceEmbedder:
    require(shared_dir / "models")
    pipeline = build_face_pipeline(Settings(gate=GateSettings(quality_profile="relaxed")))

    def embed(jpeg: bytes) -> NDArray[np.float32]:
        return pipeline.capture(decode_image(jpeg).rgb, allow_several=True).template.vector

    return embed


@pytest.fixture(scope="session")
def lfw_people(shared_dir: Path) -> dict[str, bytes]:
    """The first image of the first LFW identities with two or more images."""
    root = require(shared_dir / "data" / "faces" / "lfw" / "lfw-deepfunneled")
    people: dict[str, bytes] = {}
    for folder in sorted(root.iterdir()):
        images = sorted(folder.glob("*.jpg"))
        if len(images) >= 2 and not folder.name.startswith(("Barack", "Joe_Biden")):
            people[folder.name] = images[0].read_bytes()
        if len(people) == LFW_PEOPLE:
            break
    return people
