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


def test_bench_compares_the_default_with_exact_search_on_the_same_probes() -> None:
    r = bench(4000, 32, queries=12, exact_queries=6, k=5, cosines=(0.9, 0.5), backend="faiss-sq8", ivf_nprobe=4)
    assert r["default_backend"] == "faiss-sq8 -> sq8"
    exact, default = r["numpy_exact"], r["default"]
    assert set(exact["mate_recall"]) == set(default["mate_recall"]) == {"0.9", "0.5"}
    assert exact["mate_recall"]["0.9"]["at_1"] == 1.0 and exact["mate_recall"]["0.9"]["probes"] == 6
    assert default["mate_recall"]["0.9"]["probes"] == 12
    # exact by construction: the same identities, scores to float tolerance, every search settled
    assert default["vs_exact"] == {**default["vs_exact"], "identical_top_k": 1.0, "probes": 12}
    assert default["vs_exact"]["max_abs_score_diff"] < 1e-4
    assert sum(default["settled"].values()) == 1 + 2 * 12  # the build search, then every probe
    assert default["codes_bytes"] == 4000 * (32 + 8)  # one byte per dimension and an int64 id per row
    assert set(default["update_ms"]) == {"add_median_ms", "remove_median_ms"}
    ivf = r["faiss_ivf"]
    assert all(0.0 <= v["at_1"] <= v["in_top_k"] <= 1.0 for v in ivf["mate_recall"].values())
    assert r["speedup_vs_exact"] > 0 and r["data"] == "synthetic unit vectors"


def test_small_galleries_stay_on_numpy_by_default() -> None:
    r = bench(3000, 16, queries=4, exact_queries=2, k=3, cosines=(0.8,))
    assert r["default_backend"] == "auto -> numpy" and r["default"]["vs_exact"]["identical_top_k"] == 1.0
    assert r["default"]["codes_bytes"] == 0


def test_command_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "b.json"
    result = CliRunner().invoke(app, ["bench", "dedup-search", "--size", "3000", "--dim", "16", "--queries", "5",
                                      "--exact-queries", "3", "--json", str(out)])
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text())["gallery"] == 3000
    refused = CliRunner().invoke(app, ["bench", "dedup-search", "--size", "10", "--backend", "fast"])
    assert refused.exit_code != 0 and "backend must be one of" in refused.output
