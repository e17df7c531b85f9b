"""Real models and shared images for the desk's capture and issuance tests (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gate.assembly import build_face_pipeline
from gate.settings import Settings
from matcher.face.pipeline import FacePipeline
from tests.conftest import require
from tests.enrollment.desk.portraits import framed


@pytest.fixture(scope="session")
def desk_pipeline(shared_dir: Path) -> FacePipeline:
    return build_face_pipeline(Settings(shared=shared_dir))


@pytest.fixture(scope="session")
def portrait(desk_pipeline: FacePipeline, face_samples: Path) -> bytes:
    """obama.jpg framed as the desk's webcam would take it: passes the border-capture profile."""
    return framed((face_samples / "obama.jpg").read_bytes(), desk_pipeline)


@pytest.fixture(scope="session")
def fvc(fingerprints_dir: Path) -> Path:
    return require(fingerprints_dir / "fvc2002" / "DB1_B")


@pytest.fixture(scope="session")
def casia(shared_dir: Path) -> Path:
    return require(shared_dir / "data" / "iris" / "casia-iris-v1")


def eye(casia: Path, name: str) -> bytes:
    """``"033_1_1"`` → the bytes of ``<casia>/33/033_1_1.jpg``."""
    return (casia / str(int(name[:3])) / f"{name}.jpg").read_bytes()
