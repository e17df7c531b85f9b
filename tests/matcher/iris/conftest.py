"""Real CASIA-IrisV1 images for the iris tests (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import pytest

from matcher.iris.pipeline import encode_image
from matcher.iris.types import IrisCode
from tests.conftest import require


@pytest.fixture(scope="session")
def casia(shared_dir: Path) -> Path:
    return require(shared_dir / "data" / "iris" / "casia-iris-v1")


def casia_bytes(casia: Path, name: str) -> bytes:
    """``name`` like "001_1_1" → the bytes of ``<casia>/1/001_1_1.jpg``."""
    return require(casia / str(int(name[:3])) / f"{name}.jpg").read_bytes()


@pytest.fixture(scope="session")
def codes(casia: Path) -> dict[str, IrisCode]:
    names = ["001_1_1", "001_2_2", "002_1_1", "050_1_2", "050_2_4", "108_1_1", "108_2_4"]
    return {n: encode_image(casia_bytes(casia, n)) for n in names}
