"""``egate-lab eval iris`` and ``egate-lab bench iris``: accuracy and speed of the iris pipeline.

    uv run egate-lab eval iris [--db DIR] [--report r.json] [--plot det.png] [--calibrate]
    uv run egate-lab bench iris [--images 40] [--gallery 20000]

DIR holds one folder per eye (default: CASIA-IrisV1 under ``$EGATE_SHARED``). Genuine = every pair of
images in a folder, impostor = every pair from different folders. The algorithms are in
:mod:`matcher.iris`; the protocol and figures in :mod:`matcher.evaluation.iris`.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console

from gate.settings import load_settings
from matcher.evaluation import iris as protocol
from matcher.evaluation.metrics import fmr_curve_points
from matcher.iris import params
from matcher.iris.errors import IrisError
from matcher.iris.pipeline import encode_image
from matcher.iris.search import all_pairs, build_gallery
from matcher.iris.types import IrisCode
from matcher.thresholds import Calibration
from models import calibration_path
from scripts.lab.apps import eval_app

console = Console()
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff"}
CASIA_V1 = Path("data") / "iris" / "casia-iris-v1"


def default_db() -> Path:
    return load_settings().shared / CASIA_V1


def list_images(db: Path) -> list[tuple[str, Path]]:
    """(eye label, path) for every image, one folder per eye, sorted."""
    out = []
    for folder in sorted(p for p in db.iterdir() if p.is_dir()):
        out += [(folder.name, f) for f in sorted(folder.iterdir()) if f.suffix.lower() in IMAGE_SUFFIXES]
    return out


def encode_all(images: list[tuple[str, Path]]) -> tuple[list[tuple[str, str, IrisCode]], dict[str, str], list[float]]:
    """(label, name, code) of each image that gave a code; failure codes by image name; ms per image."""
    codes: list[tuple[str, str, IrisCode]] = []
    failures: dict[str, str] = {}
    times: list[float] = []
    for label, path in images:
        data = path.read_bytes()
        start = time.perf_counter()
        try:
            code = encode_image(data)
        except IrisError as exc:
            failures[f"{label}/{path.name}"] = f"{exc.code}: {exc}"
            continue
        finally:
            times.append((time.perf_counter() - start) * 1000)
        codes.append((label, path.name, code))
    return codes, failures, times


def _plot(gen: np.ndarray, imp: np.ndarray, title: str, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from matcher.evaluation.metrics import det_curve

    c = det_curve(-gen, -imp)
    fig, ax = plt.subplots(figsize=(7, 6))
    ax.plot(np.maximum(c.fmr, 1e-6), np.maximum(c.fnmr, 1e-4), lw=2)
    ax.set(xscale="log", yscale="log", xlabel="FMR", ylabel="FNMR", title=title, xlim=(1e-5, 1), ylim=(1e-3, 1))
    ax.grid(True, which="both", alpha=0.3)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


@eval_app.command("iris")
def eval_iris(
    db: Annotated[Path | None, typer.Option(help="one folder per eye (default: CASIA-IrisV1 in EGATE_SHARED)")] = None,
    report: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    plot: Annotated[Path | None, typer.Option(help="write the DET plot (PNG) here")] = None,
    calibrate: Annotated[bool, typer.Option(help=f"write models/calibration/{params.MODEL_ID}.json")] = False,
) -> None:
    """All-pairs protocol: EER, FNMR at FMR 1e-3 and 1e-4, failures to acquire, DET."""
    directory = db or default_db()
    if not directory.is_dir():
        raise typer.BadParameter(f"{directory} is not a directory (set EGATE_SHARED)", param_hint="--db")
    images = list_images(directory)
    if len({label for label, _ in images}) < 2:
        raise typer.BadParameter(f"{directory} needs at least two eye folders with images", param_hint="--db")
    codes, failures, times = encode_all(images)
    if len(codes) < 2:
        raise typer.BadParameter("fewer than two images gave an iris code: nothing to compare")
    start = time.perf_counter()
    dist = all_pairs(build_gallery([(f"{lab}/{name}", c) for lab, name, c in codes]))
    compare_s = time.perf_counter() - start
    labels = [lab for lab, _, _ in codes]
    scores = protocol.split_pairs(dist, labels)
    if scores.genuine.size == 0 or scores.impostor.size == 0:
        raise typer.BadParameter("the acquired images give no genuine or no impostor pair")
    doc: dict[str, Any] = {"model_id": params.MODEL_ID, "dataset": str(directory), "n_images": len(images),
                           "n_eyes": len({lab for lab, _ in images})}
    doc.update(protocol.report(scores, all_labels=[lab for lab, _ in images], failures=failures))
    pairs = scores.genuine.size + scores.impostor.size
    doc["encode_ms"] = float(np.mean(times))
    doc["compare_us_per_pair"] = 1e6 * compare_s / pairs
    doc["worst_genuine"] = protocol.worst_genuine(scores, [f"{lab}/{n}" for lab, n, _ in codes])
    fta = doc["failure_to_acquire"]
    console.print(f"{doc['n_images']} images, {doc['n_eyes']} eyes, {fta['count']} failures to acquire "
                  f"({fta['rate']:.2%}); {scores.genuine.size} genuine, {scores.impostor.size} impostor pairs")
    fnmr = doc["fnmr_at_fmr"]
    console.print(f"EER {doc['eer']:.3%}  FNMR@FMR1e-3 {_pct(fnmr['0.001'])}  FNMR@FMR1e-4 {_pct(fnmr['0.0001'])}  "
                  f"d' {doc['distances']['decidability']:.2f}")
    console.print(f"encode {doc['encode_ms']:.1f} ms/image, compare {doc['compare_us_per_pair']:.1f} µs/pair "
                  f"(±{params.MAX_SHIFT} shifts, all pairs)")
    for name, code in sorted(failures.items()):
        console.print(f"  failed: {name}: {code}")
    if report:
        report.write_text(json.dumps(doc, indent=2) + "\n")
    if plot:
        _plot(scores.genuine, scores.impostor, f"DET: {params.MODEL_ID} on {directory.name}", plot)
    if calibrate:
        _write_calibration(doc, scores)


def _pct(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3%}"


def _write_calibration(doc: dict[str, Any], scores: protocol.PairScores) -> None:
    cal = Calibration(
        model_id=params.MODEL_ID, lower_is_better=True,
        thresholds=protocol.calibration_thresholds(scores.genuine, scores.impostor),
        dataset=f"{Path(doc['dataset']).name}: all same-eye and different-eye pairs of acquired images",
        measured={"eer": doc["eer"], "fnmr_at_fmr": doc["fnmr_at_fmr"], "n_genuine": doc["n_genuine"],
                  "n_impostor": doc["n_impostor"], "failure_to_acquire": doc["failure_to_acquire"]["rate"],
                  # score → FMR for fusion, in distances (the points are measured on -distance)
                  "fmr_curve": [[-t, f] for t, f in fmr_curve_points(-scores.impostor)]},
    )
    path = calibration_path(cal.model_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(cal.to_json())
    console.print(f"calibration written to {path}")
