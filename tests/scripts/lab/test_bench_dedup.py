"""``egate-lab bench dedup-search`` on a small synthetic gallery: the figures it reports are computed on the
searches it timed (no timing is asserted)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from typer.testing import CliRunner

from scripts.lab.bench_dedup import applicants, bench, unit_gallery
from scripts.lab.main import app


def test_applicants_sit_at_the_requested_cosine_from_their_mates() -> None:
    gallery = unit_gallery(500, 32)
    probes, rows = applicants(gallery, 20, 0.6)
    np.testing.assert_allclose(np.linalg.norm(probes, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose((probes * gallery[rows]).sum(axis=1), 0.6, atol=1e-5)


def test_bench_reports_exact_and_approximate_recall() -> None:
    r = bench(4000, 32, queries=12, exact_queries=6, k=5, nprobe=4, cosines=(0.9, 0.5))
    assert r["exact_mate_recall_at_1"] == 1.0
    ivf = r["faiss_ivf"]
    assert 0.0 <= ivf["recall_at_k_vs_exact"] <= 1.0 and set(ivf["mate_recall_at_1"]) == {"0.9", "0.5"}
    assert all(0.0 <= v <= 1.0 for v in ivf["mate_recall_at_1"].values())
    assert r["speedup_vs_exact"] > 0 and r["data"] == "synthetic unit vectors"


def test_command_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = CliRunner().invoke(app, ["bench", "dedup-search", "--size", "3000", "--dim", "16", "--queries", "5",
                                      "--exact-queries", "3", "--nprobe", "8", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["gallery"] == 3000
