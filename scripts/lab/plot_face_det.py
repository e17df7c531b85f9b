"""One DET plot of several face pipeline variants on LFW all pairs (the curves of ``egate-lab eval face``).

Each variant is ``embedder:detector[:flip]``; embeddings come from the evaluation cache when present
(``$EGATE_HOME/cache``), so after the ``eval face`` runs this only recomputes the scores::

    uv run python -m scripts.lab.plot_face_det --out det.png \\
        dlib-resnet-v1:yunet:flip omz-face-reid-0095:yunet:flip dlib-resnet-v1:hog omz-face-reid-0095:hog
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from gate.settings import load_settings
from matcher.evaluation.metrics import DetCurve
from scripts.lab import eval_face as ev


def _variant(spec: str) -> ev.Variant:
    parts = spec.split(":")
    if len(parts) not in (2, 3) or parts[1] not in ("hog", "cnn", "yunet") or parts[2:] not in ([], ["flip"]):
        raise SystemExit(f"variant {spec!r} is not embedder:detector[:flip]")
    return ev.Variant(parts[1], 1, 0, len(parts) == 3, parts[0])  # type: ignore[arg-type]


def curves(pairs: Path, variants: list[ev.Variant], workers: int) -> Iterator[tuple[str, DetCurve]]:
    settings = load_settings()
    for variant in variants:
        yunet = settings.yunet_model.read_bytes() if variant.detector == "yunet" else None
        report, found = ev.evaluate(pairs, pairs.parent / "lfw-deepfunneled", variant, all_pairs=True,
                                    cache=settings.cache_dir, workers=workers, yunet=yunet,
                                    model_dirs=(settings.model_cache_dir, settings.models_root))
        curve = dict(found)["all pairs"]
        fnmr = report["fnmr_at_fmr"]
        yield f"{variant.embedder} {variant.pipeline} (FNMR {100 * fnmr['0.001']:.1f} % @ 1e-3)", curve


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variants", nargs="+", help="embedder:detector[:flip]")
    parser.add_argument("--pairs", type=Path, default=load_settings().lfw_dir / "pairs.txt")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    variants = [_variant(v) for v in args.variants]
    ev.plot_det(curves(args.pairs, variants, args.workers), "DET on LFW all pairs", args.out)
    print(f"DET plot written to {args.out}")


if __name__ == "__main__":
    main()
