"""``egate-lab eval dedup-models``: the face de-duplication protocol (:mod:`matcher.evaluation.dedup`) on raw
scores of one or two face models, and their z-score fusion over a range of weights — to see how far a model,
or a second model beside it, moves FNIR at FPIR 1 % / 0.1 %, and which non-mated searches set the threshold.
Raw scores, not the calibrated FMR the Deduplicator fuses: this asks what the model can do, not the rule."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import numpy as np
import typer
from numpy.typing import NDArray
from rich.console import Console

from gate.cli.context import cli_settings
from matcher.evaluation import dedup
from matcher.evaluation.dedup_scores import SearchScores, fnir_at_fpir, strongest_non_mated
from matcher.face.compare import Metric, pairwise_scores
from scripts.lab.apps import eval_app
from scripts.lab.dedup_images import DEFAULT_CACHE, embed_directory, list_identities
from scripts.lab.eval_face import Variant

console = Console(width=120)
DEFAULT_WEIGHTS = "0.1,0.2,0.3,0.5,0.7,1.0"


def similarity(vectors: NDArray[np.float32], rows: NDArray[np.int64], cols: NDArray[np.int64],
               metric: Metric) -> NDArray[np.float64]:
    """Higher = more alike: the cosine, or the negated Euclidean distance, of each row sample to each column one."""
    scores = pairwise_scores(vectors[rows], vectors[cols], metric)
    return scores if metric == "cosine" else -scores


def search_scores(vectors: NDArray[np.float32], split: dedup.Split, metric: Metric) -> SearchScores:
    gallery = np.array([i for _, i in split.enrolled], np.int64)
    column = {ident: c for c, (ident, _) in enumerate(split.enrolled)}
    mated = np.array([i for _, i in split.mated], np.int64)
    return SearchScores(similarity(vectors, mated, gallery, metric),
                        np.array([column[ident] for ident, _ in split.mated], np.int64),
                        similarity(vectors, np.array(split.non_mated, np.int64), gallery, metric))


def _figures(scores: SearchScores) -> dict[str, Any]:
    return {f"{t:g}": fnir_at_fpir(scores, t) for t in dedup.FPIR_TARGETS}


def _line(name: str, figures: dict[str, Any]) -> str:
    cells = ("n/a" if figures[f"{t:g}"] is None else f"{figures[f'{t:g}']['fnir']:.4f}" for t in dedup.FPIR_TARGETS)
    return f"{name:<48} FNIR@FPIR 1%: {next(cells)}   @0.1%: {next(cells)}"


@eval_app.command("dedup-models")
def eval_dedup_models(
    ctx: typer.Context,
    images: Annotated[Path, typer.Option(help="one folder per identity (e.g. LFW deep-funneled)")],
    embedder: Annotated[list[str] | None, typer.Option(help="face model id; twice for a fusion")] = None,
    weights: Annotated[str, typer.Option(help="fusion weights of the second model, comma-separated")] = DEFAULT_WEIGHTS,
    top: Annotated[int, typer.Option(help="list this many strongest non-mated searches", min=0, max=200)] = 20,
    report: Annotated[Path | None, typer.Option(help="write the JSON report here")] = None,
    cache: Annotated[Path, typer.Option(help="embedding cache (outside the repo)")] = DEFAULT_CACHE,
    workers: Annotated[int, typer.Option(min=1)] = 2,
) -> None:
    """FNIR at FPIR 1 % and 0.1 % on raw scores per model and fused (same split as ``eval dedup``)."""
    embedder = embedder or [cli_settings(ctx).face.embedder]
    if not 1 <= len(embedder) <= 2:
        raise typer.BadParameter("one or two --embedder")
    try:
        fusion_weights = [float(w) for w in weights.split(",") if w.strip()]
    except ValueError:
        raise typer.BadParameter(f"weights must be numbers: {weights!r}") from None
    settings = cli_settings(ctx)
    identities = list_identities(images)
    labels = [name for name, paths in identities for _ in paths]
    split = dedup.split(labels)
    yunet = settings.yunet_model.read_bytes() if settings.face.detector == "yunet" else None
    scores: list[SearchScores] = []
    doc: dict[str, Any] = {"images": str(images), "split": split.as_dict(), "models": {}}
    for model in embedder:
        variant = Variant(settings.face.detector, settings.face.upsample, 0, settings.face.flip, model)
        vectors, _, _ = embed_directory(identities, variant, yunet=yunet, cache=cache, workers=workers,
                                        model_dirs=(cache / "models", settings.models_root))
        scores.append(search_scores(vectors, split, variant.metric))
        doc["models"][model] = {"pipeline": variant.pipeline, **_figures(scores[-1])}
        console.print(_line(f"{model} ({variant.pipeline})", doc["models"][model]))
    if len(scores) == 2:
        doc["fusion"] = {}
        for w in fusion_weights:
            doc["fusion"][f"{w:g}"] = _figures(scores[0].weighted(scores[1], w))
            console.print(_line(f"z-sum {embedder[0]} + {w:g} × {embedder[1]}", doc["fusion"][f"{w:g}"]))
    paths = [p for _, group in identities for p in group]
    gallery = [ident for ident, _ in split.enrolled]
    doc["strongest_non_mated"] = [
        {"probe": paths[split.non_mated[r]].name, "gallery_identity": gallery[c], "score": s}
        for r, c, s in strongest_non_mated(scores[0], top)]
    for row in doc["strongest_non_mated"]:
        console.print(f"  {row['score']:.3f}  {row['probe']} → {row['gallery_identity']}")
    if report is not None:
        report.write_text(json.dumps(doc, indent=2))
