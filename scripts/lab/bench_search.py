"""``egate-lab bench search``: 1:N search latency, recall and bandwidth, faiss against exact numpy search
on the same gallery and probes, with the memory-read floor measured in the same run."""

from __future__ import annotations

import json
import os
import statistics
import time
from collections.abc import Callable
from typing import Annotated, Any

import numpy as np
import typer
from numpy.typing import NDArray
from rich.table import Table

from scripts.lab.apps import bench_app
from scripts.lab.bench_onnx import JsonOpt, console
from scripts.percentiles import median_p95_ms


def synthetic_gallery(n: int, dim: int = 128, seed: int = 0) -> NDArray[np.float32]:
    """Templates spread like dlib descriptors: impostor distances around 0.9."""
    rng = np.random.default_rng(seed)
    out = np.empty((n, dim), np.float32)
    for start in range(0, n, 262_144):
        block = rng.standard_normal((min(262_144, n - start), dim), dtype=np.float32)
        out[start : start + len(block)] = block * np.float32(0.9 / np.sqrt(2 * dim))
    return out


def mated_probes(gallery: NDArray[np.float32], count: int, seed: int = 1) -> NDArray[np.float32]:
    """Probes of enrolled people: a gallery template moved by a genuine-like distance of about 0.4."""
    rng = np.random.default_rng(seed)
    rows = rng.choice(len(gallery), count, replace=False)
    noise = rng.standard_normal((count, gallery.shape[1]), dtype=np.float32) * np.float32(
        0.4 / np.sqrt(gallery.shape[1]))
    return gallery[rows] + noise


def _time_queries(search: Callable[[NDArray[np.float32]], NDArray[np.int64]],
                  probes: NDArray[np.float32]) -> tuple[dict[str, float], NDArray[np.int64]]:
    search(probes[:1])  # warm-up
    times, top1 = [], []
    for q in probes:
        t = time.perf_counter()
        top1.append(int(search(q[None, :])[0, 0]))
        times.append((time.perf_counter() - t) * 1000)
    return median_p95_ms(times), np.array(top1, np.int64)


def bench_search_size(n: int, queries: int, k: int = 10, nprobes: tuple[int, ...] = (32, 128)) -> dict[str, Any]:
    import faiss

    from matcher.search.accel import FaissAccel, ivf_nlist
    from matcher.search.exact import topk_l2

    faiss.omp_set_num_threads(1)  # one probe at a time: memory-bound, and OpenMP spinning stalls on a shared CPU
    gallery = synthetic_gallery(n)
    probes = mated_probes(gallery, queries)
    sq = np.einsum("ij,ij->i", gallery, gallery)
    keys = np.arange(n, dtype=np.int64)
    stream = gallery.nbytes
    out: dict[str, Any] = {"size": n, "dim": gallery.shape[1], "queries": queries, "k": k,
                           "floor_bytes_per_query_fp32": stream, "read_once": _read_floor(gallery)}
    stats, exact_top1 = _time_queries(lambda q: topk_l2(gallery, sq, q, k)[1], probes)
    out["numpy_exact"] = {**stats, "memory_bytes": gallery.nbytes + sq.nbytes, "recall_at_1": 1.0,
                          "gb_per_s": stream / stats["median_ms"] / 1e6}
    variants: list[tuple[str, Callable[[], Any], int]] = [
        ("faiss_flat_fp32", lambda: FaissAccel("flat", gallery.shape[1], gallery, keys).index, 4),
        ("faiss_flat_fp16", lambda: _sq_index(gallery, faiss.ScalarQuantizer.QT_fp16), 2),
        ("faiss_flat_int8", lambda: _sq_index(gallery, faiss.ScalarQuantizer.QT_8bit), 1),
        *((f"faiss_ivf_fp32_nprobe{p}", lambda: FaissAccel("ivf", gallery.shape[1], gallery, keys).index, 4)
          for p in nprobes),
    ]
    ivf: Any = None
    for name, build, bytes_per_dim in variants:
        t = time.perf_counter()
        index = ivf if ("ivf" in name and ivf is not None) else build()
        build_s = time.perf_counter() - t
        nprobe = int(name.rsplit("nprobe", 1)[1]) if "ivf" in name else 0
        if "ivf" in name:
            ivf = index
            index.nprobe = min(nprobe, ivf_nlist(n))
        def run(q: NDArray[np.float32], ix: Any = index) -> NDArray[np.int64]:
            return np.asarray(ix.search(q, k)[1], np.int64)

        stats, top1 = _time_queries(run, probes)
        scanned = n * gallery.shape[1] * bytes_per_dim
        entry = {**stats, "build_s": build_s, "recall_at_1": float(np.mean(top1 == exact_top1)),
                 "memory_bytes": n * (gallery.shape[1] * bytes_per_dim + (8 if "ivf" in name else 0))}
        if "ivf" in name:
            entry.update(nlist=ivf_nlist(n), nprobe=min(nprobe, ivf_nlist(n)))
            scanned = int(scanned * min(nprobe, ivf_nlist(n)) / ivf_nlist(n))
        entry["bytes_scanned_per_query"] = scanned
        entry["gb_per_s"] = scanned / stats["median_ms"] / 1e6
        out[name] = entry
    return out


def _read_floor(gallery: NDArray[np.float32], repeats: int = 7) -> dict[str, float]:
    """The physical floor on this machine: one pass reading the whole fp32 gallery, the faster of a
    vector-matrix product with ones (BLAS) and a maximum (numpy SIMD), median of ``repeats``."""
    ones = np.ones(len(gallery), np.float32)
    best = float("inf")
    for kernel in (lambda: ones @ gallery, gallery.max):
        times = []
        for _ in range(repeats):
            t = time.perf_counter()
            kernel()
            times.append((time.perf_counter() - t) * 1000)
        best = min(best, statistics.median(times))
    return {"median_ms": best, "gb_per_s": gallery.nbytes / best / 1e6}


def _sq_index(gallery: NDArray[np.float32], qtype: int) -> Any:
    import faiss

    index = faiss.IndexScalarQuantizer(gallery.shape[1], qtype, faiss.METRIC_L2)
    index.train(gallery[: min(len(gallery), 100_000)])
    index.add(gallery)
    return index


@bench_app.command("search")
def bench_search(
    sizes: Annotated[str, typer.Option(help="gallery sizes, comma-separated")] = "10000,100000,1000000",
    queries: Annotated[int, typer.Option(help="timed single-probe queries per back end")] = 100,
    nprobe: Annotated[str, typer.Option(help="IVF cells scanned per query, comma-separated")] = "32,128",
    json_out: JsonOpt = None,
) -> None:
    """1:N latency (median, p95), memory, recall@1 against exact search and achieved GB/s, synthetic 128-D."""
    probes = tuple(int(p) for p in nprobe.split(","))
    results = [bench_search_size(int(s), queries, nprobes=probes) for s in sizes.split(",") if s.strip()]
    for r in results:
        table = Table("back end", "median ms", "p95 ms", "GB/s", "memory MB", "recall@1",
                      title=f"1:N search, {r['size']:,} × {r['dim']} templates, {r['queries']} probes")
        for name, e in r.items():
            if not isinstance(e, dict) or "recall_at_1" not in e:
                continue
            table.add_row(name, f"{e['median_ms']:.2f}", f"{e['p95_ms']:.2f}", f"{e['gb_per_s']:.1f}",
                          f"{e['memory_bytes'] / 1e6:.0f}", f"{e['recall_at_1']:.3f}")
        table.caption = (f"floor: one exact fp32 query streams {r['floor_bytes_per_query_fp32'] / 1e6:.0f} MB; "
                         f"reading it once takes {r['read_once']['median_ms']:.2f} ms "
                         f"({r['read_once']['gb_per_s']:.1f} GB/s)")
        console.print(table)
    if json_out:
        env = {v: os.environ.get(v, "") for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
        json_out.write_text(json.dumps({"search": results, "env": env, "faiss_threads": 1}, indent=2) + "\n")
