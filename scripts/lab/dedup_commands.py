"""``egate-lab eval dedup``: 1:N de-duplication figures (FNIR at FPIR 1 % and 0.1 %) for faces in a folder
per identity (``--images``), FVC fingers (``--fvc``) and face + two fingers on chimeric subjects
(``--images DIR --chimeric``). Protocol: :mod:`matcher.evaluation.dedup`; docs/dedup/README.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from gate.cli.context import cli_settings
from gate.settings import Settings
from matcher.evaluation import dedup
from matcher.finger.api import model_id as finger_model_id
from matcher.thresholds import FmrCurve
from models import load_calibration
from scripts.lab.apps import eval_app
from scripts.lab.dedup_images import DEFAULT_CACHE, embed_directory, list_identities
from scripts.lab.dedup_runs import chimeric_run, face_run, fvc_run, fvc_samples, prefilter_hit_rates
from scripts.lab.eval_face import Variant
from scripts.lab.fusion_commands import REAL_SETS

console = Console()


def _face_vectors(settings: Settings, images: Path, cache: Path, workers: int) -> tuple[Any, list[str], Variant]:
    face = settings.face
    variant = Variant(face.detector, face.upsample, 0, face.flip, face.embedder)
    calibration = load_calibration(variant.embedder)
    if calibration.measured.get("variant") not in (None, variant.pipeline):
        raise typer.BadParameter(f"{calibration.model_id} was calibrated on {calibration.measured['variant']}, "
                                 f"the gate runs {variant.pipeline}")
    identities = list_identities(images)
    yunet = settings.yunet_model.read_bytes() if variant.detector == "yunet" else None
    vectors, acquired, _ = embed_directory(identities, variant, yunet=yunet, cache=cache, workers=workers,
                                           model_dirs=(cache / "models", settings.models_root))
    per_sample = [name for name, paths in identities for _ in paths]
    console.print(f"{len(per_sample)} images of {len(identities)} identities embedded "
                  f"({int((~acquired).sum())} without a detected face: embedded from a centred box)")
    return vectors, per_sample, variant


def _row(table: Table, name: str, block: dict[str, Any]) -> None:
    fnir = block["fnir_at_fpir"]
    table.add_row(name, str(block.get("gallery_size", "")),
                  *("n/a" if fnir[t] is None else f"{fnir[t]:.4f}" for t in ("0.01", "0.001")))


@eval_app.command("dedup")
def eval_dedup(
    ctx: typer.Context,
    images: Annotated[Path | None, typer.Option(help="one folder per identity (e.g. LFW deep-funneled)")] = None,
    fvc: Annotated[bool, typer.Option("--fvc", help="fingers: the six real FVC2002/2004 B sets")] = False,
    chimeric: Annotated[bool, typer.Option("--chimeric", help="with --images: face + two FVC fingers")] = False,
    report: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    holdout: Annotated[float, typer.Option(help="share of identities kept out of the gallery")] = 0.1,
    min_images: Annotated[int, typer.Option(help="identities with fewer images are never enrolled")] = 2,
    seed: Annotated[int, typer.Option(help="seed of the held-out draw")] = 0,
    k: Annotated[int, typer.Option(help="top k per modality (the Deduplicator's)", min=1)] = 20,
    seeds: Annotated[int, typer.Option(help="chimeric finger draws", min=1)] = 5,
    cache: Annotated[Path, typer.Option(help="embedding / template cache (outside the repo)")] = DEFAULT_CACHE,
    workers: Annotated[int, typer.Option(help="processes for face embedding when not cached", min=1)] = 2,
) -> None:
    """FNIR at FPIR 1 % and 0.1 %: the first image of each identity enrolled, the others searched (mated),
    the images of identities not in the gallery searched too (non-mated)."""
    if images is None and not fvc:
        raise typer.BadParameter("give --images DIR, --fvc, or both")
    if chimeric and images is None:
        raise typer.BadParameter("--chimeric needs --images (the faces of the chimeric subjects)")
    settings = cli_settings(ctx)
    doc: dict[str, Any] = {"protocol": dedup.__doc__, "holdout": holdout, "min_images": min_images,
                           "seed": seed, "k": k}
    table = Table("system", "gallery", "FNIR @ FPIR 1 %", "FNIR @ FPIR 0.1 %", title="de-duplication (1:N)")
    primary: dict[str, Any] | None = None
    if images is not None:
        try:
            vectors, per_sample, variant = _face_vectors(settings, images, cache, workers)
            split = dedup.split(per_sample, holdout=holdout, min_images=min_images, seed=seed)
        except (FileNotFoundError, ValueError) as exc:
            raise typer.BadParameter(str(exc)) from exc
        face = face_run(vectors, split, face_model=variant.embedder, k=k)
        doc["face"] = {"images": str(images), "model": variant.embedder, "pipeline": variant.pipeline,
                       "split": split.as_dict(), **face}
        _row(table, f"face ({variant.embedder})", face)
        primary = face
        if chimeric:
            doc["chimeric"] = _chimeric(settings, cache, vectors, split, variant.embedder, k, seeds)
            doc["chimeric"]["split"] = split.as_dict()
            for name in ("face", "face+2fingers"):
                _row(table, f"chimeric {name}", {"gallery_size": len(split.enrolled),
                                                 **doc["chimeric"][name]})
            primary = {"gallery_size": len(split.enrolled), **doc["chimeric"]["face+2fingers"]}
    if fvc:
        doc["fvc"] = _fvc(settings, cache, holdout, min_images, seed, k)
        _row(table, "fingers (FVC, MCC)", doc["fvc"])
        primary = primary or doc["fvc"]
    assert primary is not None
    doc = {"fnir_at_fpir": primary["fnir_at_fpir"], "gallery_size": primary["gallery_size"], **doc}
    console.print(table)
    if report:
        report.write_text(json.dumps(doc, indent=2) + "\n")


def _fvc(settings: Settings, cache: Path, holdout: float, min_images: int, seed: int, k: int) -> dict[str, Any]:
    sets = [settings.fingerprints_dir / s for s in REAL_SETS]
    if any(not s.is_dir() for s in sets):
        raise typer.BadParameter(f"FVC sets missing under {settings.fingerprints_dir} (set EGATE_SHARED)")
    identities, templates = fvc_samples(sets, settings.gate.finger_extractor, cache / "finger")
    split = dedup.split(identities, holdout=holdout, min_images=min_images, seed=seed)
    model = finger_model_id(settings.gate.finger_matcher, settings.gate.finger_extractor)
    return {"sets": list(REAL_SETS), "model": model, "split": split.as_dict(),
            **fvc_run(identities, templates, split, k=k), "prefilter": prefilter_hit_rates(templates, split)}


def _chimeric(settings: Settings, cache: Path, vectors: Any, split: dedup.Split, face_model: str, k: int,
              seeds: int) -> dict[str, Any]:
    from scripts.lab.fusion_scores import FingerSource, finger_pool

    gate = settings.gate
    sets = tuple(settings.fingerprints_dir / s for s in REAL_SETS)
    if any(not s.is_dir() for s in sets):
        raise typer.BadParameter(f"FVC sets missing under {settings.fingerprints_dir} (set EGATE_SHARED)")
    pool, info = finger_pool(FingerSource(sets, gate.finger_extractor, gate.finger_matcher, cache / "finger"))
    finger_model = finger_model_id(gate.finger_matcher, gate.finger_extractor)
    face_curve = FmrCurve.from_calibration(load_calibration(face_model))
    finger_curve = FmrCurve.from_calibration(load_calibration(finger_model))
    out = chimeric_run(vectors, split, face_curve, pool, finger_curve, k=k, seeds=seeds)
    return {"finger_model": finger_model, "finger_pool": {"genuine": int(pool.genuine.size),
                                                          "impostor": int(pool.impostor.size),
                                                          "fingers": pool.subjects, "failures": info.failures},
            "scheme": "score-level: see matcher/evaluation/dedup_chimeric.py", **out}
