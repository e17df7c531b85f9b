"""``egate-lab bench finger``: fingerprint timings as ratios against NIST's pieces measured in the same run.

    uv run egate-lab bench finger [--images 16]

Median milliseconds over the first FVC2002 DB1 B impressions (``$EGATE_SHARED``): the Gabor enhancement,
each extractor (reference: mindtct as NIST ships it), and each matcher's template preparation and
comparison over mated and non-mated pairs (reference: bozorth3).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from functools import partial
from typing import Any

import typer

from gate.cli.context import cli_settings
from matcher.finger.api import get_matcher
from matcher.finger.enhance import enhance
from matcher.finger.extract import get_extractor
from matcher.finger.image import FingerImage, decode_image, normalise
from scripts.lab.apps import bench_app


def _score_pair(matcher: Any, pair: tuple[Any, Any]) -> float:
    return float(matcher.score_prepared(*pair))


def median_ms(fn: Callable[[Any], object], items: Sequence[Any]) -> float:
    fn(items[0])  # warm-up: model loading, first-call allocation
    times = []
    for item in items:
        start = time.perf_counter()
        fn(item)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


@bench_app.command("finger")
def bench_finger(ctx: typer.Context,
                 images_n: int = typer.Option(16, "--images", min=2, help="FVC2002 DB1 B impressions")) -> None:
    """Enhancement, extraction and comparison times, against mindtct and bozorth3 in the same run."""
    db = cli_settings(ctx).fingerprints_dir / "fvc2002" / "DB1_B"
    paths = sorted(db.glob("*.tif"))[:images_n]
    if len(paths) < 2:
        raise SystemExit(f"no FVC2002 DB1 B impressions under {db} (set EGATE_SHARED)")
    images: list[FingerImage] = [normalise(decode_image(p.read_bytes())) for p in paths]
    print(f"{len(images)} images from {db}")
    print(f"Gabor enhancement            {median_ms(lambda i: enhance(i.pixels), images):8.1f} ms/image")
    templates = {}
    reference = 0.0
    for name in ("mindtct", "gabor-mindtct", "leader"):
        extractor = get_extractor(name)
        ms = median_ms(extractor.extract, images)
        reference = reference or ms
        templates[name] = [extractor.extract(i) for i in images]
        print(f"extract {name:20s} {ms:8.1f} ms/image   {ms / reference:5.2f}× mindtct")
    for extractor_name in ("gabor-mindtct", "leader"):
        base = 0.0
        for name in ("bozorth3", "mcc", "mcc-lsa"):
            matcher = get_matcher(name)
            prepared = [matcher.prepare(t) for t in templates[extractor_name]]
            prep = median_ms(matcher.prepare, templates[extractor_name])
            pairs = [(a, b) for i, a in enumerate(prepared) for b in prepared[i + 1 :]]
            compare = median_ms(partial(_score_pair, matcher), pairs)
            base = base or compare
            print(f"{name:8s} on {extractor_name:14s} prepare {prep:6.2f} ms/template, "
                  f"compare {compare:6.2f} ms ({compare / base:5.2f}× bozorth3, {len(pairs)} pairs)")

