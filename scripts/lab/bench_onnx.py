"""``egate-lab bench onnx-parity``; :func:`compare_embedders` for ``bench face``.

Timing lives here, in the CLI layer, never in tests. Every figure is measured against its reference in
the same run: ONNX Runtime against dlib on the same crops (1:N search: :mod:`scripts.lab.bench_search`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from numpy.typing import NDArray
from rich.console import Console

from scripts.lab.apps import bench_app

console = Console()
ONNX_MODEL_ID = "dlib-resnet-v1-onnx"
JsonOpt = Annotated[Path | None, typer.Option("--json", help="write the figures as JSON here")]


def _per_face_ms(fn: Callable[[NDArray[np.uint8]], Any], crops: NDArray[np.uint8], batch: int,
                 rounds: int = 3) -> float:
    """Best-of-``rounds`` wall time per face for embedding all crops in batches of ``batch``."""
    fn(crops[:batch])  # warm-up
    best = float("inf")
    for _ in range(rounds):
        t = time.perf_counter()
        for start in range(0, len(crops), batch):
            fn(crops[start : start + batch])
        best = min(best, (time.perf_counter() - t) * 1000 / len(crops))
    return best


# ---------------------------------------------------------------------------------------- embedders
def compare_embedders(crops: NDArray[np.uint8], model_dirs: tuple[Path, Path],
                      batch_sizes: tuple[int, ...] = (1, 16)) -> dict[str, Any]:
    """dlib's ``compute_face_descriptor`` (face_recognition's encoder) against the ONNX embedder on the same
    150×150 crops. Top-level figures are at batch 1 (one traveller per transaction); ``by_batch`` has every
    batch size; ``onnx_1thread_ms_per_face`` is the per-core comparison (dlib runs single-threaded)."""
    import dlib
    import face_recognition_models

    from gate.model_store import build_embedder
    from matcher.face.embed_onnx import RuntimeOptions

    net = dlib.face_recognition_model_v1(face_recognition_models.face_recognition_model_location())

    def reference(batch: NDArray[np.uint8]) -> NDArray[np.float32]:
        vecs = net.compute_face_descriptor(list(batch)) if len(batch) > 1 else [
            net.compute_face_descriptor(batch[0])]
        return np.array([np.array(v) for v in vecs], np.float32)

    ref = reference(crops)
    by_batch: dict[str, dict[str, float]] = {}
    max_diff = 0.0
    for b in batch_sizes:
        onnx = build_embedder(ONNX_MODEL_ID, cache_dir=model_dirs[0], models_root=model_dirs[1],
                              options=RuntimeOptions(batch_size=b))
        max_diff = max(max_diff, float(np.abs(onnx.embed(crops) - ref).max()))
        ref_ms = _per_face_ms(reference, crops, b)
        onnx_ms = _per_face_ms(onnx.embed, crops, b)
        by_batch[str(b)] = {"reference_ms_per_face": ref_ms, "onnx_ms_per_face": onnx_ms,
                            "speedup": ref_ms / onnx_ms}
    single = build_embedder(ONNX_MODEL_ID, cache_dir=model_dirs[0], models_root=model_dirs[1],
                            options=RuntimeOptions(batch_size=1, intra_op_threads=1))
    first = by_batch[str(batch_sizes[0])]
    return {**first, "max_abs_diff": max_diff, "faces": len(crops), "batch": batch_sizes[0],
            "by_batch": by_batch, "onnx_threads": RuntimeOptions().intra_op_threads,
            "onnx_1thread_ms_per_face": _per_face_ms(single.embed, crops, 1), "model_id": ONNX_MODEL_ID}


def lfw_crops(paths: list[Path]) -> tuple[list[Path], NDArray[np.uint8]]:
    """dlib's reference crops (HOG, 5-point landmarks, ``get_face_chip(size=150, padding=0.25)``) for the
    images in which a face is found."""
    import dlib
    import face_recognition_models
    from PIL import Image

    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(face_recognition_models.pose_predictor_five_point_model_location())
    kept, crops = [], []
    for path in paths:
        rgb = np.asarray(Image.open(path).convert("RGB"))
        boxes = sorted(detector(rgb, 1), key=lambda r: r.area(), reverse=True)
        if boxes:
            kept.append(path)
            crops.append(dlib.get_face_chip(rgb, predictor(rgb, boxes[0]), size=150, padding=0.25))
    return kept, np.stack(crops).astype(np.uint8) if crops else np.zeros((0, 150, 150, 3), np.uint8)


def _lfw_pairs_figures(names: list[str], ref: NDArray[np.float32], onnx: NDArray[np.float32],
                       pairs_text: str) -> dict[str, Any]:
    from matcher.evaluation import metrics
    from matcher.evaluation.lfw import parse_pairs

    row = {name: i for i, name in enumerate(names)}
    pairs = [p for p in parse_pairs(pairs_text) if p.first in row and p.second in row]
    a = np.array([row[p.first] for p in pairs])
    b = np.array([row[p.second] for p in pairs])
    same = np.array([p.same for p in pairs])
    fold = np.array([p.fold for p in pairs])
    out: dict[str, Any] = {"pairs_used": len(pairs), "pairs_in_file": len(parse_pairs(pairs_text))}
    for label, emb in (("dlib", ref), ("onnx", onnx)):
        sim = -np.linalg.norm(emb[a].astype(np.float64) - emb[b], axis=1)  # similarity = −distance
        curve = metrics.det_curve(sim[same], sim[~same])
        acc, sem = metrics.folds_accuracy(sim[same], sim[~same], fold[same], fold[~same])
        out[label] = {"folds_accuracy": acc, "sem": sem, "eer": metrics.eer(curve),
                      "accuracy_at_0.6": metrics.accuracy_at(sim[same], sim[~same], -0.6),
                      "fnmr_at_fmr_1e-2": metrics.fnmr_at_fmr(curve, 1e-2),
                      "fnmr_at_fmr_1e-3": metrics.fnmr_at_fmr(curve, 1e-3)}
    d_ref = np.linalg.norm(ref[a] - ref[b], axis=1)
    d_onnx = np.linalg.norm(onnx[a] - onnx[b], axis=1)
    out["max_pair_distance_diff"] = float(np.abs(d_ref - d_onnx).max())
    out["decisions_flipped_at_0.6"] = int(((d_ref <= 0.6) != (d_onnx <= 0.6)).sum())
    return out


@bench_app.command("onnx-parity")
def bench_onnx_parity(
    ctx: typer.Context,
    faces: Annotated[int, typer.Option(help="LFW images to compare (spread over the set)")] = 500,
    pairs: Annotated[bool, typer.Option(help="also run the LFW pairs protocol on both (all 6,152 images)")] = False,
    json_out: JsonOpt = None,
) -> None:
    """Descriptor parity of the ONNX embedder with dlib on LFW faces (same crops), optionally LFW figures."""
    import dlib
    import face_recognition_models

    from gate.cli.context import cli_settings
    from gate.model_store import build_embedder

    settings = cli_settings(ctx)
    lfw = settings.lfw_dir
    root = lfw / "lfw-deepfunneled"
    if not root.is_dir():
        raise typer.BadParameter(f"LFW not found at {root}; set EGATE_SHARED")
    if pairs:
        from matcher.evaluation.lfw import parse_pairs

        listed = parse_pairs((lfw / "pairs.txt").read_text())
        paths = sorted({root / n for p in listed for n in (p.first, p.second)})
    else:
        everything = sorted(root.glob("*/*.jpg"))
        paths = everything[:: max(1, len(everything) // int(faces * 1.05))]
    kept, crops = lfw_crops(paths)
    net = dlib.face_recognition_model_v1(face_recognition_models.face_recognition_model_location())
    ref = np.concatenate([np.array([np.array(v) for v in net.compute_face_descriptor(list(crops[i : i + 64]))],
                                   np.float32) for i in range(0, len(crops), 64)])
    onnx = build_embedder(ONNX_MODEL_ID, cache_dir=settings.model_cache_dir,
                          models_root=settings.models_root).embed(crops)
    diff = np.abs(onnx - ref)
    result: dict[str, Any] = {
        "model_id": ONNX_MODEL_ID, "faces": len(crops), "images_tried": len(paths),
        "max_abs_diff": float(diff.max()), "mean_abs_diff": float(diff.mean()),
        "max_rel_norm_diff": float(np.abs(np.linalg.norm(onnx, axis=1) / np.linalg.norm(ref, axis=1) - 1).max()),
        "mean_descriptor_norm": float(np.linalg.norm(ref, axis=1).mean()),
    }
    if pairs:
        names = [str(p.relative_to(root)) for p in kept]
        result["lfw_pairs"] = _lfw_pairs_figures(names, ref, onnx, (lfw / "pairs.txt").read_text())
    console.print_json(json.dumps(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=2) + "\n")


# ---------------------------------------------------------------------------------------- 1:N search
