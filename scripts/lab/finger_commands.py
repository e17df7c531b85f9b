"""``egate-lab eval finger``: FVC-protocol accuracy of a fingerprint extractor + matcher pair.

The edge of the fingerprint stack: it reads the FVC images, caches extracted templates under
``<cache_dir>/finger/``, times extraction and matching, and writes the report, the DET plot and (with
``--calibrate``) ``models/calibration/finger-<matcher>-<extractor>.json``. The algorithms are in
:mod:`matcher.finger`; the protocol and figures in :mod:`matcher.evaluation.fvc`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from gate.cli.context import cli_settings
from matcher.evaluation import fvc, metrics
from matcher.finger import params
from matcher.finger.api import get_matcher, model_id
from matcher.finger.extract import get_extractor
from matcher.finger.template import FingerTemplate
from matcher.thresholds import Calibration
from models import calibration_path
from scripts.lab.apps import eval_app
from scripts.lab.finger_templates import Failure, extract_set, fvc_set_name, prepare_all, score_pairs, secugen_set

console = Console()



def _plot(curves: dict[str, tuple[np.ndarray, np.ndarray]], title: str, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from matcher.evaluation.metrics import det_curve

    fig, ax = plt.subplots(figsize=(7, 6))
    for label, (gen, imp) in curves.items():
        c = det_curve(gen, imp)
        ax.plot(np.maximum(c.fmr, 1e-5), np.maximum(c.fnmr, 1e-4), label=label,
                lw=2.5 if label.startswith("pooled") else 1.0)
    ax.set(xscale="log", yscale="log", xlabel="FMR", ylabel="FNMR", title=title, xlim=(1e-4, 1), ylim=(1e-3, 1))
    ax.grid(True, which="both", alpha=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)


@eval_app.command("finger")
def eval_finger(
    ctx: typer.Context,
    db: Annotated[list[Path], typer.Option("--db", help="an FVC B set directory (repeatable); default: all 8")] = [],  # noqa: B006
    extractor: Annotated[str, typer.Option(
        help="mindtct, gabor-mindtct, leader, or secugen (the shared ISO templates)")] = "mindtct",
    gallery_extractor: Annotated[str | None, typer.Option(
        help="templates of the second image of each pair from this extractor instead (interoperability)")] = None,
    matcher: Annotated[str, typer.Option(help="bozorth3, mcc (MCC with LSS-R) or mcc-lsa (MCC with LSA-R)")] = "mcc",
    report: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    plot: Annotated[Path | None, typer.Option(help="write the DET plot (PNG) here")] = None,
    calibrate: Annotated[bool, typer.Option(help="write models/calibration/<model_id>.json")] = False,
) -> None:
    """FVC protocol per set (280 genuine, 45 FVC impostor and 2,880 different-finger pairs), pooled over
    the real sets, the synthetic DB4 sets apart: EER, FMR100, FMR1000, ZeroFMR, DET, timings."""
    settings = cli_settings(ctx)
    dbs = db or sorted(p for p in settings.fingerprints_dir.glob("fvc200*/DB*_B") if p.is_dir())
    if not dbs:
        raise typer.BadParameter(f"no FVC sets under {settings.fingerprints_dir} (set EGATE_SHARED)")
    expected = {fvc.image_name(finger, n) for finger in range(101, 111) for n in range(1, 9)}
    for d in dbs:  # an empty or partial set would be scored as failures and report a meaningless EER
        missing = sorted(expected - {p.stem for p in d.glob("*.tif")})
        if missing:
            raise typer.BadParameter(f"{d} lacks {len(missing)} of the 80 FVC impressions (e.g. {missing[0]})",
                                     param_hint="--db")
    try:
        get_matcher(matcher)
        for name in {extractor, gallery_extractor or extractor} - {"secugen"}:
            get_extractor(name)
    except ValueError as exc:
        raise typer.BadParameter(str(exc)) from exc

    def templates_of(d: Path, name: str) -> tuple[dict[str, FingerTemplate | Failure], list[float]]:
        if name == "secugen":
            return secugen_set(d, settings.fingerprints_dir / "iso19794-2")
        return extract_set(d, name, settings.cache_dir / "finger" / f"{name}-v{params.MODEL_VERSION}")
    genuine, imp_all, imp_fvc = fvc.genuine_pairs(), fvc.all_impostor_pairs(), fvc.fvc_impostor_pairs()
    sets: dict[str, Any] = {}
    scores: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    compared: dict[str, np.ndarray] = {}  # impostor pairs where both sides gave a template
    extract_ms: list[float] = []
    prep_ms: list[float] = []
    match_ms: list[float] = []
    failures: dict[str, dict[str, str]] = {}
    for d in dbs:
        name = fvc_set_name(d)
        templates, ems = templates_of(d, extractor)
        extract_ms += ems
        failures[name] = {k: v for k, v in templates.items() if isinstance(v, str)}
        probes, pms = prepare_all(matcher, templates)
        gallery = probes
        if gallery_extractor and gallery_extractor != extractor:
            gallery, _ = prepare_all(matcher, templates_of(d, gallery_extractor)[0])
        g, mms = score_pairs(matcher, probes, gallery, genuine)
        ia, mms2 = score_pairs(matcher, probes, gallery, imp_all)
        fvc_index = {p: i for i, p in enumerate(imp_all)}
        ifvc = ia[[fvc_index[p] for p in imp_fvc]]
        prep_ms += pms
        match_ms += mms + mms2
        sets[name] = fvc.set_report(g, ia, ifvc)
        sets[name]["synthetic"] = fvc.is_synthetic(name)
        scores[name] = (g, ia)
        compared[name] = np.array([a in probes and b in gallery for a, b in imp_all])
        console.print(f"{name}: EER {sets[name]['eer']:.2%}  FNMR@FMR0.1% {sets[name]['fmr1000']:.2%}")
    doc: dict[str, Any] = {"matcher": matcher, "extractor": extractor, "model_id": model_id(matcher, extractor),
                           "gallery_extractor": gallery_extractor or extractor, "sets": sets}
    for label, pick in (("pooled_real", False), ("pooled_synthetic", True)):
        chosen = [n for n in scores if fvc.is_synthetic(n) == pick]
        if chosen:
            gp = np.concatenate([scores[n][0] for n in chosen])
            ip = np.concatenate([scores[n][1] for n in chosen])
            doc[label] = {"sets": chosen, **fvc.error_rates(gp, ip).as_dict()}
            scores[label] = (gp, ip)
            compared[label] = np.concatenate([compared[n] for n in chosen])
    doc["extract_ms"] = float(np.mean(extract_ms)) if extract_ms else 0.0
    doc["prepare_ms"] = float(np.mean(prep_ms)) if prep_ms else 0.0
    doc["match_ms"] = float(np.mean(match_ms)) if match_ms else 0.0
    doc["failures_to_extract"] = failures
    _print_table(doc)
    if report:
        report.write_text(json.dumps(doc, indent=2) + "\n")
    if plot:
        _plot(scores, f"DET: {matcher} on {extractor} minutiae", plot)
    if calibrate and "pooled_real" in scores and not gallery_extractor:
        gen, imp = scores["pooled_real"]
        _write_calibration(doc, gen, imp[compared["pooled_real"]])


def _write_calibration(doc: dict[str, Any], gen: np.ndarray, imp: np.ndarray) -> None:
    """Thresholds from the impostor pairs that were compared: a pair where extraction failed never
    reaches a threshold at the gate (the capture is refused first), so its floor score would only make
    the FMR estimates look lower than they are. Genuine pairs keep their failures (counted as misses)."""
    if imp.size == 0:
        raise typer.BadParameter("no impostor pair was compared: nothing to calibrate on")
    rates = fvc.error_rates(gen, imp)
    cal = Calibration(
        model_id=doc["model_id"], lower_is_better=False, thresholds=fvc.calibration_thresholds(gen, imp),
        dataset="FVC2002+FVC2004 DB1-3 B sets, different-finger pairs where both extracted ("
        + ", ".join(doc["pooled_real"]["sets"]) + ")",
        measured={"eer": rates.eer, "fnmr_at_fmr": rates.fnmr_at_fmr, "n_genuine": int(gen.size),
                  "n_impostor": int(imp.size), "fmr_curve": metrics.fmr_curve_points(imp)},
    )
    path = calibration_path(cal.model_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(cal.to_json())
    console.print(f"calibration written to {path}")


def _pct(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.2%}"


def _print_table(doc: dict[str, Any]) -> None:
    table = Table(title=f"{doc['matcher']} on {doc['extractor']} minutiae")
    for col in ("set", "EER", "FMR100", "FMR1000", "ZeroFMR", "EER (FVC 45 imp.)"):
        table.add_column(col)
    rows = [(n, r) for n, r in doc["sets"].items()]
    rows += [(k, doc[k]) for k in ("pooled_real", "pooled_synthetic") if k in doc]
    for name, r in rows:
        fvc_eer = r.get("fvc_protocol", {}).get("eer")
        table.add_row(name, _pct(r["eer"]), _pct(r["fmr100"]), _pct(r["fmr1000"]), _pct(r["zero_fmr"]),
                      _pct(fvc_eer))
    console.print(table)
    console.print(f"extract {doc['extract_ms']:.1f} ms/template, prepare {doc['prepare_ms']:.2f} ms/template, "
                  f"match {doc['match_ms']:.3f} ms/comparison")
