"""Real FVC impressions and SecuGen templates for the fingerprint tests (skipped without ../shared)."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from numpy.typing import NDArray

from matcher.finger.extract import MindtctExtractor
from matcher.finger.image import normalise
from matcher.finger.template import FingerTemplate
from tests.conftest import require

FVC_DB1 = ("fvc2002", "DB1_B")
NAMES = ("101_1", "101_2", "101_3", "102_1", "103_1")


def read_grey(path: Path) -> NDArray[np.uint8]:
    img = cv2.imread(str(require(path)), cv2.IMREAD_GRAYSCALE)
    assert img is not None
    return np.asarray(img, dtype=np.uint8)


@pytest.fixture(scope="session")
def fvc_db1(fingerprints_dir: Path) -> Path:
    return require(fingerprints_dir.joinpath(*FVC_DB1))


@pytest.fixture(scope="session")
def secugen_db1(fingerprints_dir: Path) -> Path:
    return require(fingerprints_dir / "iso19794-2" / "fvc2002_DB1_B")


@pytest.fixture(scope="session")
def db1_templates(fvc_db1: Path) -> dict[str, FingerTemplate]:
    extractor = MindtctExtractor()
    return {n: extractor.extract(normalise(read_grey(fvc_db1 / f"{n}.tif"))) for n in NAMES}
