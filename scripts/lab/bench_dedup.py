"""``egate-lab bench dedup-search``: one applicant's face searched 1:N through the Gallery port
(:class:`matcher.search.gallery.FaceGallery`) against a large gallery — the registry's default back end
(``backend="auto"``: exact faiss-sq8 at this size) against exact numpy search on the same gallery, timed
interleaved (one probe on each, in turn) so that a load change on a shared host hits both alike; optionally
the faiss IVF opt-in too.

The gallery is synthetic: unit vectors of the default embedder's dimension (256), uniformly spread — no
cluster structure, the hard case for an inverted file. Each applicant is a mated probe: an enrolled vector
moved to cosine ``mate_cosine`` (a genuine-like similarity). Reported: the mate found first and in the top k,
and whether the default returns exactly exact search's identities and scores.
"""

from __future__ import annotations

import json
import os
import statistics
import time
from pathlib import Path
from typing import Annotated, Any, cast, get_args

import numpy as np
import typer
from numpy.typing import NDArray
from rich.console import Console
from rich.table import Table

from matcher.search.gallery import FaceGallery, GalleryHit
from matcher.search.index import Backend
from scripts.lab.apps import bench_app
from scripts.percentiles import median_p95_ms

console = Console()


def unit_gallery(n: int, dim: int, seed: int = 0) -> NDArray[np.float32]:
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), np.float32)
    for start in range(0, n, 131_072):
        block = rng.standard_normal((min(131_072, n - start), dim), dtype=np.float32)
        out[start : start + len(block)] = block / np.linalg.norm(block, axis=1, keepdims=True)
    return out


def applicants(gallery: NDArray[np.float32], count: int, cosine: float, seed: int = 1
               ) -> tuple[NDArray[np.float32], NDArray[np.int64]]:
    """Probes at cosine ``cosine`` from ``count`` enrolled vectors, and those vectors' rows."""
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(gallery), count, replace=False)
    noise = rng.standard_normal((count, gallery.shape[1])).astype(np.float32)
    noise -= (noise * gallery[rows]).sum(axis=1, keepdims=True) * gallery[rows]
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    probes = cosine * gallery[rows] + np.sqrt(1 - cosine**2) * noise
    return probes.astype(np.float32), rows.astype(np.int64)


def _search(gallery: FaceGallery, backend: Backend, probe: NDArray[np.float32], k: int
            ) -> tuple[list[GalleryHit], float]:
    gallery.index.backend = backend
    t = time.perf_counter()
    hits = gallery.search(probe, k)
    return hits, (time.perf_counter() - t) * 1000


def _mates(found: list[list[GalleryHit]], mates: NDArray[np.int64]) -> dict[str, float]:
    first = [bool(h) and h[0].identity == str(m) for h, m in zip(found, mates, strict=True)]
    top_k = [str(m) in {x.identity for x in h} for h, m in zip(found, mates, strict=True)]
    return {"at_1": float(np.mean(first)), "in_top_k": float(np.mean(top_k)), "probes": len(found)}


def _compare(ours: list[list[GalleryHit]], exact: list[list[GalleryHit]]) -> dict[str, float]:
    same = [[h.identity for h in a] == [h.identity for h in b] for a, b in zip(ours, exact, strict=True)]
    diffs = [abs(h.score - g.score) for a, b in zip(ours, exact, strict=True) for h, g in zip(a, b, strict=False)]
    return {"identical_top_k": float(np.mean(same)), "max_abs_score_diff": max(diffs, default=0.0),
            "probes": len(same)}


def bench(n: int, dim: int, queries: int, exact_queries: int, k: int, cosines: tuple[float, ...], *,
          threads: int = 1, ivf_nprobe: int = 0, backend: Backend = "auto") -> dict[str, Any]:
    """Timing on the probes of the first cosine (default and exact interleaved); mate recall for every cosine."""
    load_before = os.getloadavg()
    vectors = unit_gallery(n, dim)
    probe_sets = [applicants(vectors, queries, c, seed=1 + i) for i, c in enumerate(cosines)]
    gallery = FaceGallery(dim, model_id="synthetic-unit", backend="numpy", nprobe=max(ivf_nprobe, 1),
                          threads=threads)
    gallery.add_many([str(i) for i in range(n)], vectors)
    del vectors
    gallery.index.backend = backend
    kind = gallery.index.search_kind
    _, build_ms = _search(gallery, backend, probe_sets[0][0][0], k)  # builds the codes
    out: dict[str, Any] = {"gallery": n, "dim": dim, "k": k, "queries": queries, "exact_queries": exact_queries,
                           "threads": threads, "mate_cosines": list(cosines), "data": "synthetic unit vectors",
                           "default_backend": f"{backend} -> {kind}", "default_build_s": build_ms / 1000}
    times: dict[str, list[float]] = {"default": [], "exact": []}
    found: dict[str, list[list[GalleryHit]]] = {"default": [], "exact": []}
    recall: dict[str, dict[str, dict[str, float]]] = {"default": {}, "exact": {}}
    pairs: tuple[tuple[str, Backend], ...] = (("default", backend), ("exact", "numpy"))
    for c_no, (cosine, (probes, mates)) in enumerate(zip(cosines, probe_sets, strict=True)):
        per: dict[str, list[list[GalleryHit]]] = {"default": [], "exact": []}
        for i, probe in enumerate(probes):
            for name, searched_by in pairs:
                if name == "exact" and i >= exact_queries:
                    continue
                hits, ms = _search(gallery, searched_by, probe, k)
                per[name].append(hits)
                if c_no == 0:
                    times[name].append(ms)
        found["default"] += per["default"][: len(per["exact"])]  # the probes searched both ways
        found["exact"] += per["exact"]
        for name in per:
            recall[name][f"{cosine:g}"] = _mates(per[name], mates[: len(per[name])])
    counts = gallery.index.refine_counts
    out["numpy_exact"] = {**median_p95_ms(times["exact"]), "mate_recall": recall["exact"]}
    out["default"] = {**median_p95_ms(times["default"]), "mate_recall": recall["default"],
                      "vs_exact": _compare(found["default"], found["exact"]),
                      "settled": {"first_cut": counts.first_cut, "widened": counts.widened,
                                  "exhaustive": counts.exhaustive}}
    out["speedup_vs_exact"] = out["numpy_exact"]["median_ms"] / out["default"]["median_ms"]
    out["default"]["update_ms"] = _updates(gallery, probe_sets[0][0][:5])
    out["default"]["codes_bytes"] = gallery.index.accelerator_bytes
    if ivf_nprobe:
        out["faiss_ivf"] = _ivf(gallery, probe_sets, cosines, k, ivf_nprobe)
    out["load_average"] = {"before": list(load_before), "after": list(os.getloadavg())}
    return out


def _updates(gallery: FaceGallery, templates: NDArray[np.float32]) -> dict[str, float]:
    """Enrol and forget a few applicants on the built default index (it must stay in step, and stay exact)."""
    added, removed = [], []
    for i, template in enumerate(templates):
        t = time.perf_counter()
        gallery.add(f"late{i}", template)
        added.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        gallery.remove(f"late{i}")
        removed.append((time.perf_counter() - t) * 1000)
    return {"add_median_ms": statistics.median(added), "remove_median_ms": statistics.median(removed)}


def _ivf(gallery: FaceGallery, probe_sets: list[tuple[NDArray[np.float32], NDArray[np.int64]]],
         cosines: tuple[float, ...], k: int, nprobe: int) -> dict[str, Any]:
    gallery.index.nprobe = nprobe
    _, build_ms = _search(gallery, "faiss-ivf", probe_sets[0][0][0], k)
    times: list[float] = []
    recall = {}
    for c_no, (cosine, (probes, mates)) in enumerate(zip(cosines, probe_sets, strict=True)):
        hits = []
        for probe in probes:
            found, ms = _search(gallery, "faiss-ivf", probe, k)
            hits.append(found)
            if c_no == 0:
                times.append(ms)
        recall[f"{cosine:g}"] = _mates(hits, mates)
    return {**median_p95_ms(times), "nprobe": nprobe, "build_s": build_ms / 1000, "mate_recall": recall}


@bench_app.command("dedup-search")
def bench_dedup_search(
    size: Annotated[int, typer.Option(help="enrolled face templates")] = 1_000_000,
    dim: Annotated[int, typer.Option(help="embedding dimension (omz-face-reid-0095: 256)")] = 256,
    queries: Annotated[int, typer.Option(help="applicants per mate cosine on the default back end")] = 500,
    exact_queries: Annotated[int, typer.Option(help="of those, also searched exactly with numpy")] = 100,
    k: Annotated[int, typer.Option(help="candidates per search (the Deduplicator's k)")] = 20,
    threads: Annotated[int, typer.Option(help="search threads (faiss-sq8: shards scanned concurrently)")] = 1,
    ivf_nprobe: Annotated[int, typer.Option(help="also time the faiss IVF opt-in at this nprobe (0: no)")] = 0,
    backend: Annotated[str, typer.Option(help="the back end to compare with exact numpy (registry: auto)")] = "auto",
    mate_cosine: Annotated[str, typer.Option(help="cosines of applicants to their enrolled mates, comma-separated "
                                                 "(timing on the first)")] = "0.5,0.6,0.7",
    json_out: Annotated[Path | None, typer.Option("--json", help="write the figures here")] = None,
) -> None:
    """One applicant against SIZE face templates: the registry default vs exact numpy through the Gallery port."""
    cosines = tuple(float(c) for c in mate_cosine.split(",") if c.strip())
    if backend not in get_args(Backend):
        raise typer.BadParameter(f"backend must be one of {', '.join(get_args(Backend))}", param_hint="--backend")
    r = bench(size, dim, queries, min(exact_queries, queries), k, cosines, threads=threads, ivf_nprobe=ivf_nprobe,
              backend=cast(Backend, backend))
    table = Table("search", "median ms", "p95 ms", *(f"mate first, cos {c:g}" for c in cosines),
                  title=f"1:N face search, {size:,} × {dim} synthetic unit vectors, k = {k}, threads {threads}")
    rows = [("numpy exact", r["numpy_exact"]), (f"default ({r['default_backend']})", r["default"])]
    if "faiss_ivf" in r:
        rows.append((f"faiss IVF (nprobe {ivf_nprobe}, approximate)", r["faiss_ivf"]))
    for name, entry in rows:
        table.add_row(name, f"{entry['median_ms']:.1f}", f"{entry['p95_ms']:.1f}",
                      *(f"{v['at_1']:.3f} ({v['probes']})" for v in entry["mate_recall"].values()))
    same, settled = r["default"]["vs_exact"], r["default"]["settled"]
    table.caption = (f"default {r['speedup_vs_exact']:.2f}× faster than exact numpy (interleaved, same run); "
                     f"top {k} identical to exact on {same['identical_top_k']:.3f} of {same['probes']} probes, "
                     f"max |Δscore| {same['max_abs_score_diff']:.1e}; proven on the first cut "
                     f"{settled['first_cut']}, widened {settled['widened']}, exhaustive {settled['exhaustive']}; "
                     f"load average {r['load_average']['before'][0]:.1f} → {r['load_average']['after'][0]:.1f}")
    console.print(table)
    if json_out:
        json_out.write_text(json.dumps(r, indent=2) + "\n")
