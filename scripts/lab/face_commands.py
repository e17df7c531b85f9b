"""``egate-lab face …``, ``egate-lab eval face`` and ``egate-lab bench face``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from gate.cli.context import cli_settings
from gate.model_store import face_pipeline
from gate.settings import Settings
from matcher.errors import MatcherError
from matcher.face.factory import DetectorName, build_pipeline
from matcher.face.pipeline import FacePipeline
from matcher.face.quality import PROFILES
from matcher.image import decode_image
from models import calibration_path, load_calibration
from scripts.lab.apps import app, bench_app, eval_app

face_app = typer.Typer(help="Face capture, quality and 1:1 verification.", no_args_is_help=True)
app.add_typer(face_app, name="face")
console = Console()

DetectorOpt = Annotated[str, typer.Option(help="hog (default), cnn or yunet")]
EmbedderOpt = Annotated[str, typer.Option(help="dlib-resnet-v1 (dlib) or an ONNX model id from models/manifests")]
FmrOpt = Annotated[float, typer.Option("--fmr", help="target false match rate: 0.01, 0.001 or 0.0001")]


def _detector(name: str) -> DetectorName:
    if name not in ("hog", "cnn", "yunet"):
        raise typer.BadParameter(f"unknown detector {name!r}")
    return name  # type: ignore[return-value]


def _yunet(ctx: typer.Context, detector: str) -> bytes | None:
    if detector != "yunet":
        return None
    path = cli_settings(ctx).yunet_model
    if not path.is_file():
        raise typer.BadParameter(f"YuNet model not found at {path}; set EGATE_SHARED")
    return path.read_bytes()


@face_app.command("verify")
def verify(ctx: typer.Context, probe: Path, reference: Path, fmr: FmrOpt = 1e-3, detector: DetectorOpt = "hog",
           embedder: EmbedderOpt = "dlib-resnet-v1", as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Compare the face in PROBE with the face in REFERENCE at the FMR-calibrated threshold."""
    try:
        settings = cli_settings(ctx)
        pipeline = face_pipeline(embedder, _detector(detector), cache_dir=settings.model_cache_dir,
                                 models_root=settings.models_root, yunet_model=_yunet(ctx, detector),
                                 quality_profile=PROFILES["relaxed"])
        calibration = load_calibration(pipeline.calibration_id)
        a = pipeline.capture(decode_image(probe.read_bytes()).rgb)
        b = pipeline.capture(decode_image(reference.read_bytes()).rgb)
        result = pipeline.verify(a.template, b.template, calibration, fmr)
    except MatcherError as exc:
        console.print(f"[red]{type(exc).__name__}[/] ({exc.code}): {exc}")
        raise typer.Exit(2) from exc
    doc = {"model": result.model_id, "score": round(result.score, 6), "threshold": round(result.threshold, 6),
           "fmr_target": result.fmr_target, "match": result.is_match,
           "quality_passed": {"probe": a.quality.passed, "reference": b.quality.passed}}
    if as_json:
        print(json.dumps(doc))
    else:
        verdict = "[green]MATCH[/]" if result.is_match else "[red]NO MATCH[/]"
        word = "distance" if result.lower_is_better else "similarity"
        console.print(f"{verdict}  {word} {result.score:.4f} vs threshold {result.threshold:.4f} "
                      f"(FMR {fmr:g}, model {result.model_id})")
    raise typer.Exit(0 if result.is_match else 1)


@face_app.command("quality")
def quality(ctx: typer.Context, image: Path,
            profile: Annotated[str, typer.Option(help="border-capture or relaxed")] = "border-capture",
            detector: DetectorOpt = "hog") -> None:
    """Measure the face quality criteria of IMAGE and show the guidance a kiosk would give."""
    if profile not in PROFILES:
        raise typer.BadParameter(f"unknown profile {profile!r}")
    pipeline = build_pipeline(_detector(detector), yunet_model=_yunet(ctx, detector), quality_profile=PROFILES[profile])
    try:
        cap = pipeline.capture(decode_image(image.read_bytes()).rgb)
    except MatcherError as exc:
        console.print(f"[red]{type(exc).__name__}[/] ({exc.code}): {exc}")
        raise typer.Exit(2) from exc
    table = Table("criterion", "value", "limit", "result", "guidance", title=f"{image.name} — {profile}")
    for c in cap.quality.criteria:
        table.add_row(c.name, f"{c.value:.2f}", c.limit, "[green]pass[/]" if c.passed else f"[red]{c.reason}[/]",
                      c.guidance)
    console.print(table)
    raise typer.Exit(0 if cap.quality.passed else 1)


@eval_app.command("face")
def eval_face(
    ctx: typer.Context,
    pairs: Annotated[Path, typer.Option(help="LFW-format pairs.txt")],
    images: Annotated[Path | None, typer.Option(help="image root (default: lfw-deepfunneled beside pairs)")] = None,
    all_pairs: Annotated[bool, typer.Option("--all-pairs", help="every image against every other")] = False,
    detector: DetectorOpt = "hog",
    upsample: int = 1,
    jitters: Annotated[int, typer.Option(help="dlib test-time jitter count (0 = off)")] = 0,
    embedder: EmbedderOpt = "dlib-resnet-v1",
    flip: Annotated[bool, typer.Option(help="average with the mirrored crop")] = False,
    report: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    plot: Annotated[Path | None, typer.Option(help="write the DET curve PNG here")] = None,
    calibration_out: Annotated[Path | None, typer.Option(
        "--calibration", help="write thresholds per FMR target here ('default': models/calibration/)")] = None,
    workers: int = 2,
) -> None:
    """LFW protocol: accuracy over folds, EER, FNMR at FMR 1e-2/1e-3 (and 1e-4 with --all-pairs)."""
    from scripts.lab import eval_face as ev

    variant = ev.Variant(_detector(detector), upsample, jitters, flip, embedder)
    root = images or pairs.parent / "lfw-deepfunneled"
    settings = cli_settings(ctx)
    result, curves = ev.evaluate(pairs, root, variant, all_pairs=all_pairs, cache=settings.cache_dir,
                                 workers=workers, model_dirs=(settings.model_cache_dir, settings.models_root),
                                 yunet=_yunet(ctx, detector))
    table = Table("figure", "value", title=f"LFW — {result['model']} ({variant.name})")
    table.add_row("accuracy (folds)", f"{result['accuracy']:.4f} ± {result['accuracy_sem']:.4f}")
    table.add_row("EER (pairs)", f"{result['eer']:.4f}")
    for k, v in result["fnmr_at_fmr"].items():
        table.add_row(f"FNMR @ FMR {k}", "not measurable" if v is None else f"{v:.4f}")
    if "all_pairs" in result:
        ap = result["all_pairs"]
        table.add_row("all-pairs comparisons", f"{ap['genuine']} genuine / {ap['impostor']} impostor")
        table.add_row("EER (all pairs)", f"{ap['eer']:.4f}")
    table.add_row("failures to acquire", str(result["failures_to_acquire"]))
    console.print(table)
    if report:
        ev.write_json(report, result)
    if plot:
        ev.plot_det(curves, f"DET — {result['model']} ({variant.name}) on LFW", plot)
    if calibration_out:
        cal = ev.calibration_from(result)
        out = calibration_path(cal.model_id) if str(calibration_out) == "default" else calibration_out
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(cal.to_json())
        console.print(f"calibration written to {out}")


@bench_app.command("face")
def bench_face(
    ctx: typer.Context,
    repeats: Annotated[int, typer.Option(help="timed runs per stage")] = 20,
    detector: DetectorOpt = "hog",
    json_out: Annotated[Path | None, typer.Option("--json", help="write the figures as JSON here")] = None,
) -> None:
    """Per-stage median and p95 latency at 640×480 and 1280×720 (one face), against face_recognition."""
    from scripts.lab import bench_face as bf

    settings = cli_settings(ctx)
    portrait_path = settings.face_samples_dir / "obama.jpg"
    if not portrait_path.is_file():
        raise typer.BadParameter(f"benchmark portrait not found at {portrait_path}; set EGATE_SHARED")
    portrait = decode_image(portrait_path.read_bytes()).rgb
    pipeline = build_pipeline(_detector(detector), yunet_model=_yunet(ctx, detector),
                              quality_profile=PROFILES["relaxed"])
    results: dict[str, object] = {"detector": detector, "model": pipeline.model_id, "repeats": repeats}
    for width, height in bf.RESOLUTIONS:
        frame = bf.frame_with_face(portrait, width, height)
        stages = bf.bench_stages(pipeline, frame, repeats)
        reference = bf.bench_reference(frame, repeats)
        results[f"{width}x{height}"] = {"stages": stages, "face_recognition": reference}
        table = Table("stage", "median ms", "p95 ms", title=f"face pipeline at {width}×{height} ({detector})")
        for name, s in stages.items():
            table.add_row(name, f"{s['median_ms']:.1f}", f"{s['p95_ms']:.1f}")
        table.add_row("face_recognition (locations+encodings)", f"{reference['median_ms']:.1f}",
                      f"{reference['p95_ms']:.1f}")
        ratio = reference["median_ms"] / stages["total (capture)"]["median_ms"]
        table.caption = f"face_recognition / ours (median): {ratio:.2f}×"
        console.print(table)
    results.update(_onnx_against_reference(settings, pipeline, portrait))
    if json_out:
        json_out.write_text(json.dumps(results, indent=2) + "\n")


def _onnx_against_reference(settings: Settings, pipeline: FacePipeline, portrait: np.ndarray) -> dict[str, object]:
    """ONNX embedder against face_recognition's dlib encoder, per face, on the same crops, same run."""
    from scripts.lab.bench_onnx import compare_embedders, lfw_crops

    images = sorted((settings.lfw_dir / "lfw-deepfunneled").glob("*/*_0001.jpg"))[:64]
    _, crops = lfw_crops(images) if images else ([], np.zeros((0, 150, 150, 3), np.uint8))
    if len(crops) < 16:  # no LFW: the portrait's crop, mirrored and shifted, is still a face
        crop = pipeline.capture(portrait).crop
        crops = np.stack([np.roll(crop if i % 2 else crop[:, ::-1], i % 5, axis=1) for i in range(32)])
    figures = compare_embedders(crops, (settings.model_cache_dir, settings.models_root), (1, 16))
    table = Table("batch", "face_recognition ms/face", "ONNX ms/face", "speedup",
                  title=f"embedding {len(crops)} crops: ONNX vs face_recognition (same run)")
    for batch, row in figures["by_batch"].items():
        table.add_row(batch, f"{row['reference_ms_per_face']:.1f}", f"{row['onnx_ms_per_face']:.1f}",
                      f"{row['speedup']:.1f}×")
    table.caption = f"max |descriptor difference| {figures['max_abs_diff']:.1e}"
    console.print(table)
    from scripts.lab.bench_embedders import bench_other_embedders

    reference = {int(b): row["reference_ms_per_face"] for b, row in figures["by_batch"].items()}
    model_dirs = (settings.model_cache_dir, settings.models_root)
    figures["other_embedders"] = others = bench_other_embedders(crops, reference, model_dirs, (1, 16))
    for model_id, rows in others.items():
        table = Table("batch", "face_recognition ms/face", f"{model_id} ms/face", "speedup", title=model_id)
        for batch, row in rows.items():
            if batch != "skipped":
                table.add_row(batch, f"{row['face_recognition_ms_per_face']:.1f}", f"{row['ms_per_face']:.1f}",
                              f"{row['speedup']:.1f}×")
        table.caption = f"skipped: {rows['skipped']}" if "skipped" in rows else "same faces, same run"
        console.print(table)
    return figures
