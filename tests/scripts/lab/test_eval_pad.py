"""``egate-lab eval pad`` on a few NUAA images: bona fide and print attacks scored by the gate's PAD."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from scripts.lab.eval_pad import summarise
from scripts.lab.main import app
from tests.conftest import require

runner = CliRunner()


def test_eval_pad_reports_apcer_and_bpcer(shared_dir: Path, tmp_path: Path) -> None:
    data = require(shared_dir / "data/pad/nuaa")
    require(shared_dir / "models/minifasnet/2.7_80x80_MiniFASNetV2.onnx")
    out = tmp_path / "pad.json"
    result = runner.invoke(app, ["eval", "pad", "--data", str(data), "--limit", "6", "--report", str(out),
                                 "--plot", str(tmp_path / "pad.png")])
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text())
    assert doc["threshold"] == 0.5  # the gate's default alarm threshold
    assert sum(doc["presentations"].values()) + sum(doc["failures_to_acquire"].values()) == 12
    assert set(doc["at_threshold"]["apcer"]) == {"print"} and 0 <= doc["at_threshold"]["bpcer"] <= 1
    assert (tmp_path / "pad.png").stat().st_size > 1000


def test_summary_of_hand_made_scores() -> None:
    scores = {"bona fide": [0.1, 0.2, 0.7, 0.3], "print": [0.9, 0.8, 0.4, 0.95]}
    doc = summarise(scores, {"bona fide": 0, "print": 1}, 0.5)
    assert doc["at_threshold"]["apcer"] == {"print": 0.25} and doc["at_threshold"]["bpcer"] == 0.25
    assert doc["at_threshold"]["apcer_worst_species"] == {"species": "print", "apcer": 0.25}
    assert doc["failures_to_acquire"]["print"] == 1


def test_missing_data_is_a_usage_error(tmp_path: Path) -> None:
    result = runner.invoke(app, ["eval", "pad", "--data", str(tmp_path)])
    assert result.exit_code == 2 and "list files" in result.output


@pytest.mark.parametrize("threshold", ["0.3", "0.9"])
def test_threshold_option_is_used(shared_dir: Path, tmp_path: Path, threshold: str) -> None:
    data = require(shared_dir / "data/pad/nuaa")
    out = tmp_path / "pad.json"
    result = runner.invoke(app, ["eval", "pad", "--data", str(data), "--limit", "2", "--threshold", threshold,
                                 "--report", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["threshold"] == float(threshold)
