"""``egate-lab eval fusion``: face + finger score-level fusion on chimeric subjects (LFW identities given
FVC fingers), judged through the calibrations the gate uses. The protocol is
:mod:`matcher.evaluation.chimeric`, the figures :mod:`matcher.evaluation.chimeric_report`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from rich.console import Console
from rich.table import Table

from gate.cli.context import cli_settings
from matcher.errors import CalibrationError
from matcher.evaluation import chimeric, chimeric_report
from matcher.evaluation.fusion_rule import fisher_fmr, product_rule_fmr
from matcher.finger.api import model_id as finger_model_id
from matcher.thresholds import Calibration, FmrCurve
from models import load_calibration
from scripts.lab.apps import eval_app
from scripts.lab.eval_face import Variant
from scripts.lab.fusion_scores import FaceSource, FingerSource, PoolInfo, face_pool, finger_pool

console = Console()
REAL_SETS = tuple(f"fvc{year}/DB{n}_B" for year in (2002, 2004) for n in (1, 2, 3))


def _curve(calibration: Calibration) -> FmrCurve:
    try:
        return FmrCurve.from_calibration(calibration)
    except CalibrationError as exc:
        raise typer.BadParameter(str(exc)) from exc


@eval_app.command("fusion")
def eval_fusion(
    ctx: typer.Context,
    seeds: Annotated[int, typer.Option(help="chimeric draws (seeds 0 … n−1)", min=1)] = 5,
    impostors: Annotated[int, typer.Option(help="chimeric impostor pairs per draw", min=1)] = 5_000_000,
    report: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    plot: Annotated[Path | None, typer.Option(help="write the DET plot (PNG, first draw) here")] = None,
    workers: Annotated[int, typer.Option(help="processes for face embedding when not cached")] = 2,
) -> None:
    """Face alone, finger alone and fused, on LFW all pairs × FVC2002/2004 DB1–3 B, with the gate's face
    pipeline and finger extractor + matcher: EER, FNMR at FMR 1e-3 / 1e-4, and the gate rule's real FMR."""
    settings = cli_settings(ctx)
    face_cfg, gate_cfg = settings.face, settings.gate
    variant = Variant(face_cfg.detector, face_cfg.upsample, 0, face_cfg.flip, face_cfg.embedder)
    face_cal = load_calibration(variant.embedder)
    finger_cal = load_calibration(finger_model_id(gate_cfg.finger_matcher, gate_cfg.finger_extractor))
    face_curve, finger_curve = _curve(face_cal), _curve(finger_cal)
    if face_cal.measured.get("variant") not in (None, variant.pipeline):
        raise typer.BadParameter(f"{face_cal.model_id} was calibrated on {face_cal.measured['variant']}, "
                                 f"the gate runs {variant.pipeline}")
    sets = tuple(settings.fingerprints_dir / s for s in REAL_SETS)
    if any(not s.is_dir() for s in sets) or not settings.lfw_dir.is_dir():
        raise typer.BadParameter(f"LFW or FVC sets missing under {settings.shared} (set EGATE_SHARED)")
    yunet = settings.yunet_model.read_bytes() if variant.detector == "yunet" else None

    face, face_info = face_pool(FaceSource(settings.lfw_dir / "pairs.txt", settings.lfw_dir / "lfw-deepfunneled",
                                           variant, settings.cache_dir, (settings.model_cache_dir,
                                                                         settings.models_root), yunet, workers))
    console.print(f"face pool: {face.genuine.size} genuine / {face.impostor.size} impostor")
    finger, finger_info = finger_pool(FingerSource(sets, gate_cfg.finger_extractor, gate_cfg.finger_matcher,
                                                   settings.cache_dir / "finger"))
    console.print(f"finger pool: {finger.genuine.size} genuine / {finger.impostor.size} impostor")

    draws: list[dict[str, Any]] = []
    first: chimeric.ChimericSample | None = None
    for seed in range(seeds):
        sample = chimeric.sample(face, finger, n_impostor=impostors, seed=seed)
        first = first or sample
        draws.append(chimeric_report.draw_figures(sample, face_curve, finger_curve))
        console.print(f"draw {seed}: fused FNMR@1e-4 {draws[-1]['systems']['fused']['fnmr_at_fmr']['0.0001']}")
    mean, spread = chimeric_report.summarise(draws)
    exact = chimeric_report.all_combinations(
        chimeric_report.estimates(face_curve, face.genuine), chimeric_report.estimates(face_curve, face.impostor),
        chimeric_report.estimates(finger_curve, finger.genuine),
        chimeric_report.estimates(finger_curve, finger.impostor))
    doc: dict[str, Any] = {
        "fnmr_at_fmr": {s: mean["systems"][s]["fnmr_at_fmr"] for s in chimeric_report.SYSTEMS},
        "eer": {s: mean["systems"][s]["eer"] for s in chimeric_report.SYSTEMS},
        "spread": {s: {"fnmr_at_fmr": spread["systems"][s]["fnmr_at_fmr"], "eer": spread["systems"][s]["eer"]}
                   for s in chimeric_report.SYSTEMS},
        "rules": mean["rules"], "rules_spread": spread["rules"],
        "rules_note": "accept when: face/finger = that modality's calibrated FMR estimate <= target; fused = "
                      "bare product of both estimates <= target (overshoots the target: kept for comparison); "
                      "fused_fisher = product p read as p*(1 - ln p) <= target (its FMR under independence: the "
                      "gate's rule, matcher.fusion.combined_fmr). fmr = impostor pairs accepted",
        "product_rule_fmr_if_uniform": {f"{t:g}": product_rule_fmr(t) for t in chimeric_report.TARGETS},
        "all_combinations": exact,
        "pools": {"face": _pool_doc(face, face_info), "finger": _pool_doc(finger, finger_info)},
        "seeds": list(range(seeds)), "impostors_per_draw": int(min(impostors, face.impostor.size)),
        "genuine_per_draw": int(face.genuine.size),
        "scheme": chimeric.SCHEME,
        "face": {"model": face_cal.model_id, "variant": variant.pipeline, "calibration": face_cal.dataset},
        "finger": {"model": finger_cal.model_id, "sets": list(REAL_SETS), "calibration": finger_cal.dataset},
        "draws": draws,
    }
    _print_table(doc)
    if report:
        report.write_text(json.dumps(doc, indent=2) + "\n")
    if plot and first is not None:
        _plot(first, face_curve, finger_curve, plot)


def _pool_doc(pool: chimeric.ScorePool, info: PoolInfo) -> dict[str, Any]:
    return {"images": info.images, "subjects_with_genuine_pairs": info.subjects, "failures": info.failures,
            **chimeric_report.system_figures(pool.genuine, pool.impostor)}


def _pct(v: float | None) -> str:
    return "n/a" if v is None else f"{v:.3%}"


def _print_table(doc: dict[str, Any]) -> None:
    table = Table("system", "EER", "FNMR@1e-3", "FNMR@1e-4", "FNMR@1e-4 range over draws",
                  title=f"chimeric face + finger, {len(doc['seeds'])} draws × {doc['impostors_per_draw']:,} impostors")
    for s in chimeric_report.SYSTEMS:
        lo, hi = doc["spread"][s]["fnmr_at_fmr"]["0.0001"] or (None, None)
        table.add_row(s, _pct(doc["eer"][s]), _pct(doc["fnmr_at_fmr"][s]["0.001"]),
                      _pct(doc["fnmr_at_fmr"][s]["0.0001"]), f"{_pct(lo)} – {_pct(hi)}")
    console.print(table)
    rules = Table("target", "rule", "FNMR (draws)", "FMR (draws)", "FNMR (all comb.)", "FMR (all comb.)",
                  title="the gate's rule: accept when the (fused) FMR estimate ≤ target")
    for t, by_rule in doc["rules"].items():
        for name, r in by_rule.items():
            e = doc["all_combinations"]["rules"][t][name]
            rules.add_row(t, name, _pct(r["fnmr"]), f"{r['fmr']:.2e}", _pct(e["fnmr"]), f"{e['fmr']:.2e}")
    console.print(rules)


def _plot(sample: chimeric.ChimericSample, face: FmrCurve, finger: FmrCurve, out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from matcher.evaluation.metrics import det_curve

    fused_g = chimeric_report.estimates(face, sample.face_genuine) * chimeric_report.estimates(
        finger, sample.finger_genuine)
    fused_i = chimeric_report.estimates(face, sample.face_impostor) * chimeric_report.estimates(
        finger, sample.finger_impostor)
    curves = {"face (LFW all pairs)": (sample.face_genuine, sample.face_impostor),
              "finger (FVC real, LEADER + MCC)": (sample.finger_genuine, sample.finger_impostor),
              "fused (product of calibrated FMRs)": (chimeric_report.fused_rank(fused_g),
                                                     chimeric_report.fused_rank(fused_i))}
    fig, ax = plt.subplots(figsize=(7, 6))
    for label, (gen, imp) in curves.items():
        c = det_curve(gen, imp)
        ok = np.nonzero((c.fmr > 0) & (c.fnmr > 0))[0]
        keep = np.unique(np.concatenate([ok[:: max(1, ok.size // 4000)], ok[-1:]]))
        ax.plot(c.fmr[keep], c.fnmr[keep], label=label, drawstyle="steps-post")
    for t, marker in zip(chimeric_report.TARGETS, ("o", "s"), strict=True):
        ax.axvline(t, color="grey", lw=0.5, ls=":")
        for rule, g, i, colour in (("product", fused_g, fused_i, "red"),
                                   ("Fisher", fisher_fmr(fused_g), fisher_fmr(fused_i), "black")):
            r = chimeric_report.rule_figures(g, i, t)
            ax.plot(max(r["fmr"], 1e-7), max(r["fnmr"], 1e-4), marker, color=colour, mfc="none",
                    label=f"gate rule, {rule} ≤ {t:g}")
    ax.set(xscale="log", yscale="log", xlabel="FMR", ylabel="FNMR", xlim=(1e-7, 1), ylim=(1e-4, 1),
           title=f"DET, chimeric face + finger (draw seed {sample.seed})")
    ax.grid(True, which="both", lw=0.3)
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    plt.close(fig)
