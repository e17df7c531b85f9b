from __future__ import annotations

import shutil
from pathlib import Path

from gate.assembly import load_pad
from matcher.face.pad import MINIFASNET_MODELS
from tests.conftest import require


def test_pad_needs_both_models(shared_dir: Path, tmp_path: Path) -> None:
    source = require(shared_dir / "models" / "minifasnet")
    assert load_pad(source) is not None
    first = next(iter(MINIFASNET_MODELS))
    shutil.copy(source / first, tmp_path / first)
    assert load_pad(tmp_path) is None  # one model alone is not the validated detector
    assert load_pad(tmp_path / "absent") is None
