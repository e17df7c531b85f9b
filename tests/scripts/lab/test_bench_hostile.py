"""``egate-lab bench hostile-frame`` runs the service's stages on a 4000×2990 frame before and after the
detection side and reports them (no timing is asserted): a blank frame stops at detection, a face-bearing
one goes through every stage, and the before case alone carries PAD's whole-frame copy."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from scripts.lab.main import app
from tests.conftest import require


def test_command_reports_before_and_after_per_stage(shared_dir: Path, tmp_path: Path) -> None:
    require(shared_dir / "models/yunet/face_detection_yunet_2023mar.onnx")
    require(shared_dir / "models/omz-face-reid-0095")
    require(shared_dir / "models/minifasnet/2.7_80x80_MiniFASNetV2.onnx")
    out = tmp_path / "bench.json"
    result = CliRunner().invoke(app, ["bench", "hostile-frame", "--repeats", "3", "--json", str(out)])
    assert result.exit_code == 0, result.output
    figures = json.loads(out.read_text())
    stages = figures["median_ms"]
    assert set(stages["blank 4000x2990 PNG, before"]) == set(stages["blank 4000x2990 PNG, after"]) == {
        "header check", "receive or decode", "detect"}
    photo_before, photo_after = stages["photo 4000x2990 PNG, before"], stages["photo 4000x2990 PNG, after"]
    assert set(photo_before) - set(photo_after) == {"PAD: whole frame to BGR"}
    assert {"landmarks", "quality", "embed", "referral JPEG"} <= set(photo_after)
    for case, total in figures["total_ms"].items():
        assert total == round(sum(stages[case].values()), 2) and total > 0
    assert set(figures["before_over_after"]) == {"blank 4000x2990 PNG", "photo 4000x2990 PNG"}
    assert "before / after" in result.output
