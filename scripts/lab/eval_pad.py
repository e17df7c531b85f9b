"""``egate-lab eval pad``: the gate's presentation-attack detector on a PAD data set (ISO/IEC 30107-3 terms).

Data layout (NUAA Photograph Imposter Database as in ``$EGATE_SHARED/data/pad/nuaa``): list files
``client_test_subset.txt`` (bona fide, under ``ClientRaw/``) and ``imposter_test_subset.txt`` (print
attacks, under ``ImposterRaw/``). Each image goes through the gate's own steps: the face detector, the
largest face, the MiniFASNet pair's attack score. An image without a detected face is a failure to
acquire: the gate never reaches PAD for it (it refers the traveller), so it is counted apart and left out
of APCER and BPCER. Reported: APCER per species and BPCER at the gate's alarm threshold
(``GateSettings.pad_alarm_threshold``), EER, BPCER20/BPCER100, a threshold sweep and a DET plot.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from gate.settings import load_settings
from matcher.evaluation import pad as padm
from scripts.lab.apps import eval_app

console = Console()
# list file → (species, image root); species "bona fide" are the bona fide presentations
NUAA_LISTS = {"client_test_subset.txt": ("bona fide", "ClientRaw"),
              "imposter_test_subset.txt": ("print", "ImposterRaw")}
SWEEP = tuple(round(t, 2) for t in np.arange(0.05, 1.0, 0.05))


def score_images(data: Path, detector: str, limit: int | None) -> tuple[dict[str, list[float]], dict[str, int]]:
    """Attack scores per species (and "bona fide"), and failures to acquire per species."""
    from matcher.face.factory import build_detector
    from matcher.face.pad import MINIFASNET_MODELS, MiniFasNetPad
    from matcher.image import decode_image

    settings = load_settings()
    yunet = settings.yunet_model.read_bytes() if detector == "yunet" else None
    det = build_detector(detector, yunet_model=yunet)  # type: ignore[arg-type]
    model_dir = settings.minifasnet_dir
    pad = MiniFasNetPad.from_files({name: (model_dir / name).read_bytes() for name in MINIFASNET_MODELS})
    scores: dict[str, list[float]] = {}
    fta: dict[str, int] = {}
    for list_name, (species, root) in NUAA_LISTS.items():
        lines = [ln.strip() for ln in (data / list_name).read_text().splitlines() if ln.strip()]
        if limit:
            lines = lines[:: max(1, len(lines) // limit)][:limit]
        scores[species], fta[species] = [], 0
        for rel in lines:
            rgb = decode_image((data / root / rel).read_bytes()).rgb
            boxes = det.detect(rgb)
            if not boxes:
                fta[species] += 1
                continue
            scores[species].append(pad.score(rgb, boxes[0]))
    return scores, fta


def summarise(scores: dict[str, list[float]], fta: dict[str, int], threshold: float) -> dict[str, Any]:
    bona = np.asarray(scores["bona fide"])
    attacks = {s: np.asarray(v) for s, v in scores.items() if s != "bona fide"}
    everything = np.concatenate(list(attacks.values()))
    curve = padm.pad_curve(bona, everything)
    worst, worst_rate = padm.apcer_worst(attacks, threshold)
    b20, t20 = padm.bpcer_at_apcer(curve, 0.05)
    b100, t100 = padm.bpcer_at_apcer(curve, 0.01)
    return {
        "presentations": {s: len(v) for s, v in scores.items()}, "failures_to_acquire": fta,
        "threshold": threshold,
        "at_threshold": {"apcer": {s: padm.apcer(v, threshold) for s, v in attacks.items()},
                         "apcer_worst_species": {"species": worst, "apcer": worst_rate},
                         "bpcer": padm.bpcer(bona, threshold)},
        "eer": padm.eer(curve),
        "bpcer20": {"bpcer": b20, "threshold": t20}, "bpcer100": {"bpcer": b100, "threshold": t100},
        # no error observed is not zero risk: the one-sided 95 % upper bound for 0 errors in n trials is ≈ 3 / n
        "zero_error_upper_95": {"apcer": 3 / everything.size, "bpcer": 3 / bona.size},
        "sweep": [{"threshold": t, "apcer": padm.apcer(everything, t), "bpcer": padm.bpcer(bona, t)} for t in SWEEP],
        "fta_policy": "no face detected: the gate refers before PAD; counted apart, not in APCER/BPCER",
    }


def plot(scores: dict[str, list[float]], threshold: float, title: str, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    bona = np.asarray(scores["bona fide"])
    attack = np.concatenate([np.asarray(v) for s, v in scores.items() if s != "bona fide"])
    curve = padm.pad_curve(bona, attack)
    floor = 0.5 / max(bona.size, attack.size)  # zero rates drawn at half a presentation
    fig, ax = plt.subplots(figsize=(6, 5))
    ax.plot(np.maximum(curve.apcer, floor), np.maximum(curve.bpcer, floor), drawstyle="steps-post",
            label="MiniFASNet V2 + V1SE")
    op = (max(padm.apcer(attack, threshold), floor), max(padm.bpcer(bona, threshold), floor))
    ax.plot(*op, "o", color="red", label=f"gate alarm threshold {threshold:g}")
    ax.set(xscale="log", yscale="log", xlabel="APCER (print attacks)", ylabel="BPCER", title=title)
    fig.text(0.01, 0.01, f"zero error rates drawn at {floor:.1e} (half a presentation)", fontsize=7)
    ax.grid(True, which="both", lw=0.3)
    ax.legend(loc="upper right")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


@eval_app.command("pad")
def eval_pad(
    data: Annotated[Path | None, typer.Option(help="PAD data set (default $EGATE_SHARED/data/pad/nuaa)")] = None,
    detector: Annotated[str, typer.Option(help="hog (the gate's default), cnn or yunet")] = "hog",
    threshold: Annotated[float | None, typer.Option(help="alarm threshold (default: the gate's setting)")] = None,
    limit: Annotated[int | None, typer.Option(help="at most this many images per list (smoke runs)")] = None,
    report: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    plot_out: Annotated[Path | None, typer.Option("--plot", help="write the DET plot PNG here")] = None,
) -> None:
    """APCER (per attack species) and BPCER of the gate's PAD at its alarm threshold, EER, BPCER20/100."""
    settings = load_settings()
    root = data or settings.shared / "data" / "pad" / "nuaa"
    if not all((root / name).is_file() for name in NUAA_LISTS):
        raise typer.BadParameter(f"no PAD list files {sorted(NUAA_LISTS)} in {root}; set EGATE_SHARED")
    if detector not in ("hog", "cnn", "yunet"):
        raise typer.BadParameter(f"unknown detector {detector!r}")
    t = settings.gate.pad_alarm_threshold if threshold is None else threshold
    scores, fta = score_images(root, detector, limit)
    result = {"dataset": str(root.name), "detector": detector, **summarise(scores, fta, t)}
    table = Table("figure", "value", title=f"PAD on {root.name} ({detector} detector), alarm at score ≥ {t:g}")
    table.add_row("presentations", ", ".join(f"{s} {n}" for s, n in result["presentations"].items()))
    table.add_row("failures to acquire", ", ".join(f"{s} {n}" for s, n in fta.items()))
    for species, rate in result["at_threshold"]["apcer"].items():
        table.add_row(f"APCER ({species})", f"{rate:.4f}")
    table.add_row("BPCER", f"{result['at_threshold']['bpcer']:.4f}")
    table.add_row("EER", f"{result['eer']:.4f}")
    for key in ("bpcer20", "bpcer100"):
        table.add_row(key.upper(), f"{result[key]['bpcer']:.4f} (threshold {result[key]['threshold']:.3f})")
    console.print(table)
    if report:
        report.write_text(json.dumps(result, indent=2) + "\n")
    if plot_out:
        plot(scores, t, f"PAD DET — {root.name}, {detector} detector", plot_out)
