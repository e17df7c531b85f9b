"""Fixtures shared by the whole suite.

Tests that need ``../shared`` (real faces, fingerprints, models) take the ``shared_dir`` fixture, or one
built on it, and are skipped with the reason when the directory is absent (set ``EGATE_SHARED``).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from gate.settings import Settings, load_settings

# Typer's error panels wrap at the terminal's width, 80 columns when there is none (CI): a message naming a
# long temporary path would break mid-phrase, and a test looking for the phrase would fail by path length.
os.environ["COLUMNS"] = "240"


@pytest.fixture(scope="session")
def settings() -> Settings:
    return load_settings()


@pytest.fixture(scope="session")
def shared_dir(settings: Settings) -> Path:
    if not settings.shared.is_dir():
        pytest.skip(f"shared data not found at {settings.shared} (set EGATE_SHARED)")
    return settings.shared


def require(path: Path) -> Path:
    """``path`` if it exists, else skip the calling test with a reason that names it."""
    if not path.exists():
        pytest.skip(f"needs {path} (shared data missing; set EGATE_SHARED)")
    return path


@pytest.fixture(scope="session")
def face_samples(shared_dir: Path) -> Path:
    return require(shared_dir / "data" / "faces" / "samples")


@pytest.fixture(scope="session")
def fingerprints_dir(shared_dir: Path) -> Path:
    return require(shared_dir / "data" / "fingerprints")
