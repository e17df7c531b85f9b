"""``egate-lab eval face``: the LFW protocol on a face pipeline variant.

Pairs mode: 10-fold-style accuracy (threshold fitted on the other folds), EER, FNMR at FMR 1e-2/1e-3.
All-pairs mode: every image in the pairs file against every other (≈19 M impostor comparisons on the
shared set), which makes FNMR at FMR 1e-3 and 1e-4 measurable. Embeddings are cached per variant.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from gate.model_store import face_pipeline
from matcher.evaluation import metrics
from matcher.evaluation.face_embedding import embed_for_evaluation
from matcher.evaluation.lfw import Pair, identity_of, parse_pairs
from matcher.face.compare import Metric, pairwise_scores
from matcher.face.embed_dlib import MODEL_ID as DLIB_MODEL_ID
from matcher.face.factory import DetectorName, variant_name
from matcher.face.pipeline import FacePipeline
from matcher.image import decode_image
from matcher.thresholds import Calibration

FMR_TARGETS = (1e-2, 1e-3, 1e-4)


@dataclass(frozen=True)
class Variant:
    detector: DetectorName = "hog"
    upsample: int = 1
    num_jitters: int = 0
    flip: bool = False
    embedder: str = DLIB_MODEL_ID

    @property
    def pipeline(self) -> str:
        return variant_name(self.detector, self.upsample, self.num_jitters, self.flip)

    @property
    def name(self) -> str:
        return self.pipeline if self.embedder == DLIB_MODEL_ID else f"{self.embedder}-{self.pipeline}"

    @property
    def metric(self) -> Metric:
        """How the embedder's descriptors are compared (its manifest says; dlib's ResNet: Euclidean)."""
        if self.embedder == DLIB_MODEL_ID:
            return "euclidean"
        from models import load_manifest

        return "cosine" if load_manifest(self.embedder).metric == "cosine" else "euclidean"


_worker: FacePipeline | None = None


def _init_worker(variant: Variant, yunet: bytes | None, model_dirs: tuple[Path, Path]) -> None:
    global _worker
    _worker = face_pipeline(variant.embedder, variant.detector, cache_dir=model_dirs[0], models_root=model_dirs[1],
                            upsample=variant.upsample, yunet_model=yunet, num_jitters=variant.num_jitters,
                            flip=variant.flip)


def _embed_one(path: str) -> tuple[NDArray[np.float32], bool]:
    assert _worker is not None
    result = embed_for_evaluation(_worker, decode_image(Path(path).read_bytes()).rgb)
    return result.vector, result.acquired


def embed_images(paths: Sequence[Path], variant: Variant, *, yunet: bytes | None, cache: Path,
                 workers: int, model_dirs: tuple[Path, Path]) -> tuple[NDArray[np.float32], NDArray[np.bool_], str]:
    """Embeddings of ``paths`` (cached in ``cache``), the acquired flags, and the model id."""
    key = hashlib.sha256("\n".join([variant.name, *map(str, paths)]).encode()).hexdigest()[:16]
    cache_file = cache / f"lfw-{variant.name}-{key}.npz"
    if cache_file.is_file():
        data = np.load(cache_file)
        return data["vectors"], data["acquired"], str(data["model_id"])
    from rich.progress import Progress

    rows: list[NDArray[np.float32]] = []
    acquired = np.zeros(len(paths), bool)
    ctx = mp.get_context("fork")
    with ctx.Pool(workers, _init_worker, (variant, yunet, model_dirs)) as pool, Progress() as progress:
        task = progress.add_task(f"embedding ({variant.name})", total=len(paths))
        for i, (vec, ok) in enumerate(pool.imap(_embed_one, [str(p) for p in paths], chunksize=8)):
            rows.append(vec)
            acquired[i] = ok
            progress.advance(task)
    vectors = np.stack(rows).astype(np.float32)
    model_id = variant.embedder
    cache.mkdir(parents=True, exist_ok=True)
    tmp = cache_file.with_suffix(".tmp.npz")
    np.savez(tmp, vectors=vectors, acquired=acquired, model_id=model_id)
    tmp.replace(cache_file)
    return vectors, acquired, model_id


def _curve_summary(gen: NDArray[np.float64], imp: NDArray[np.float64], *, lower_is_better: bool = True
                   ) -> dict[str, Any]:
    """Figures from similarity scores; thresholds reported in the native score (distance or similarity)."""
    sign = -1.0 if lower_is_better else 1.0
    curve = metrics.det_curve(gen, imp)
    return {
        "genuine": int(gen.size), "impostor": int(imp.size), "eer": metrics.eer(curve),
        "fnmr_at_fmr": {f"{t:g}": metrics.fnmr_at_fmr(curve, t, n_impostor=imp.size) for t in FMR_TARGETS},
        "threshold_at_fmr": {f"{t:g}": (sign * metrics.threshold_at_fmr(curve, t) if imp.size * t >= 1 else None)
                             for t in FMR_TARGETS},
    }


def pairs_scores(pairs: Sequence[Pair], index: dict[str, int], vectors: NDArray[np.float32],
                 metric: Metric = "euclidean") -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.int64]]:
    """Similarity of each pair (higher is more alike: −distance for Euclidean), same flags, folds."""
    a = vectors[[index[p.first] for p in pairs]].astype(np.float64)
    b = vectors[[index[p.second] for p in pairs]].astype(np.float64)
    if metric == "cosine":
        a /= np.maximum(np.linalg.norm(a, axis=1, keepdims=True), 1e-12)
        b /= np.maximum(np.linalg.norm(b, axis=1, keepdims=True), 1e-12)
        sim = (a * b).sum(axis=1)
    else:
        sim = -np.linalg.norm(a - b, axis=1)
    return sim, np.array([p.same for p in pairs]), np.array([p.fold for p in pairs])


def all_pairs_scores(paths: Sequence[str], vectors: NDArray[np.float32], block: int = 1024,
                     metric: Metric = "euclidean") -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Similarities of every unordered pair of distinct images, split into same- and different-identity."""
    ids = np.unique([identity_of(p) for p in paths], return_inverse=True)[1]
    gen: list[NDArray[np.float64]] = []
    imp: list[NDArray[np.float64]] = []
    n = len(paths)
    for start in range(0, n, block):
        d = pairwise_scores(vectors[start:start + block], vectors, metric)
        d = d if metric == "cosine" else -d
        rows = np.arange(start, min(start + block, n))[:, None]
        upper = np.arange(n)[None, :] > rows
        same = ids[rows] == ids[None, :]
        gen.append(d[upper & same])
        imp.append(d[upper & ~same])
    return np.concatenate(gen), np.concatenate(imp)


def evaluate(pairs_file: Path, images: Path, variant: Variant, *, all_pairs: bool, cache: Path, workers: int,
             model_dirs: tuple[Path, Path],
             yunet: bytes | None = None) -> tuple[dict[str, Any], Iterator[tuple[str, metrics.DetCurve]]]:
    pairs = parse_pairs(pairs_file.read_text())
    rel = sorted({p.first for p in pairs} | {p.second for p in pairs})
    missing = [r for r in rel if not (images / r).is_file()]
    if missing:
        raise FileNotFoundError(f"{len(missing)} images of the pairs file are missing, e.g. {images / missing[0]}")
    vectors, acquired, model_id = embed_images([images / r for r in rel], variant, yunet=yunet,
                                               cache=cache, workers=workers, model_dirs=model_dirs)
    index = {r: i for i, r in enumerate(rel)}
    sim, same, folds = pairs_scores(pairs, index, vectors, variant.metric)
    acc, sem = metrics.folds_accuracy(sim[same], sim[~same], folds[same], folds[~same])
    pairs_summary = _curve_summary(sim[same], sim[~same], lower_is_better=variant.metric == "euclidean")
    curves = [("pairs", metrics.det_curve(sim[same], sim[~same]))]
    report: dict[str, Any] = {
        "model": model_id, "variant": variant.name, "pipeline_variant": variant.pipeline,
        "pairs": len(pairs), "images": len(rel),
        "accuracy": acc, "accuracy_sem": sem, "eer": pairs_summary["eer"],
        "fnmr_at_fmr": pairs_summary["fnmr_at_fmr"],
        "failures_to_acquire": int((~acquired).sum()),
        "fta_policy": "no face detected: embedded from a centred box (LFW is centred); pairs still scored",
        "score": ("cosine similarity (match when similarity >= threshold)" if variant.metric == "cosine"
                  else "euclidean distance (match when distance <= threshold)"),
        "pairs_protocol": pairs_summary,
    }
    if all_pairs:
        gen, imp = all_pairs_scores(rel, vectors, metric=variant.metric)
        summary = _curve_summary(gen, imp, lower_is_better=variant.metric == "euclidean")
        sign = -1.0 if variant.metric == "euclidean" else 1.0  # back to the native score (distance)
        summary["fmr_curve"] = [[sign * t, f] for t, f in metrics.fmr_curve_points(imp)]
        report["all_pairs"] = summary
        report["fnmr_at_fmr"] = {**pairs_summary["fnmr_at_fmr"], **{
            k: v for k, v in summary["fnmr_at_fmr"].items() if k in ("0.001", "0.0001")}}
        curves.append(("all pairs", metrics.det_curve(gen, imp)))
    return report, iter(curves)


def calibration_from(report: dict[str, Any]) -> Calibration:
    """Thresholds from the all-pairs run when there is one, else from the pairs protocol."""
    source = report.get("all_pairs") or report["pairs_protocol"]
    thresholds = {float(k): float(v) for k, v in source["threshold_at_fmr"].items() if v is not None}
    measured = {"variant": report["pipeline_variant"], "eer": source["eer"], "fnmr_at_fmr": source["fnmr_at_fmr"],
                "genuine": source["genuine"], "impostor": source["impostor"]}
    if source.get("fmr_curve"):
        measured["fmr_curve"] = source["fmr_curve"]
    lower_is_better = not str(report.get("score", "")).startswith("cosine")
    return Calibration(model_id=report["model"], lower_is_better=lower_is_better, thresholds=thresholds,
                       dataset="LFW deep-funneled, " + ("all pairs" if "all_pairs" in report else "pairs"),
                       measured=measured)


def plot_det(curves: Iterator[tuple[str, metrics.DetCurve]], title: str, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6, 5))
    for label, curve in curves:
        ok = np.nonzero((curve.fmr > 0) & (curve.fnmr > 0))[0]
        step = max(1, ok.size // 4000)  # 19 M thresholds need not all be drawn
        keep = np.unique(np.concatenate([ok[::step], ok[-1:]]))
        ax.plot(curve.fmr[keep], curve.fnmr[keep], label=label, drawstyle="steps-post")
    for t in FMR_TARGETS:
        ax.axvline(t, color="grey", lw=0.5, ls=":")
    ax.set(xscale="log", yscale="log", xlabel="FMR", ylabel="FNMR", title=title)
    ax.grid(True, which="both", lw=0.3)
    ax.legend(loc="upper right")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


def write_json(path: Path, doc: dict[str, Any]) -> None:
    path.write_text(json.dumps(doc, indent=2) + "\n")
