"""``egate-lab bench iris``: iris timings, each beside a reference measured in the same run.

    uv run egate-lab bench iris [--images 40] [--gallery 20000] [--workers 2]

encode          ms per image, against decoding the JPEG alone (the floor any encoder pays)
1:1 compare     ms per pair with the rotation search, against the same comparison at one shift only
1:N search      rotation-shifted comparisons per second, against a bare XOR + popcount pass over the same
                gallery (no masks, no shifts: the memory-bandwidth floor of numpy on this machine)
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import typer

from matcher.iris import params
from matcher.iris.compare import compare
from matcher.iris.hamming import popcount_sum
from matcher.iris.image import decode_image
from matcher.iris.pipeline import encode_image
from matcher.iris.search import build_gallery, distances_to_all
from scripts.lab.apps import bench_app
from scripts.lab.iris_commands import default_db, list_images


def median_ms(fn: Callable[[Any], object], items: Sequence[Any], repeat: int = 1) -> float:
    fn(items[0])
    times = []
    for item in items:
        start = time.perf_counter()
        for _ in range(repeat):
            fn(item)
        times.append((time.perf_counter() - start) * 1000 / repeat)
    return statistics.median(times)


def best_seconds(fn: Callable[[], object], runs: int = 3) -> float:
    fn()
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


@bench_app.command("iris")
def bench_iris(
    images_n: int = typer.Option(40, "--images", min=2, help="CASIA-IrisV1 images to encode"),
    gallery_n: int = typer.Option(20000, "--gallery", min=100, help="codes in the 1:N gallery (tiled)"),
    workers: int = typer.Option(2, min=1, help="threads for the 1:N search"),
) -> None:
    """Encode, 1:1 and 1:N speed of the iris pipeline, as ratios against references from the same run."""
    images = list_images(default_db())[:images_n]
    if len(images) < 2:
        raise SystemExit(f"no iris images under {default_db()} (set EGATE_SHARED)")
    data = [p.read_bytes() for _, p in images]
    decode = median_ms(decode_image, data)
    encode = median_ms(encode_image, data)
    print(f"{len(data)} images from {default_db()}")
    print(f"encode            {encode:8.2f} ms/image   ({encode / decode:5.1f}x decoding the JPEG: {decode:.2f} ms)")
    codes = [encode_image(d) for d in data]
    pairs = [(a, b) for i, a in enumerate(codes) for b in codes[i + 1:]][:400]
    full = median_ms(lambda ab: compare(*ab), pairs, repeat=5)
    single = median_ms(lambda ab: compare(*ab, max_shift=0), pairs, repeat=5)
    print(f"1:1 compare       {full:8.4f} ms/pair    ({full / single:5.2f}x one shift: {single:.4f} ms; "
          f"{2 * params.MAX_SHIFT + 1} shifts)")
    gallery = build_gallery([(str(i), codes[i % len(codes)]) for i in range(gallery_n)])
    shifts = 2 * params.MAX_SHIFT + 1
    probe = codes[0]
    for w in sorted({1, workers}):
        def run(w: int = w) -> object:
            return distances_to_all(gallery, probe, workers=w)

        seconds = best_seconds(run)
        print(f"1:N search        {gallery_n * shifts / seconds / 1e6:8.2f} M shifted comparisons/s with {w} "
              f"thread(s) ({gallery_n / seconds / 1e3:.0f} k templates/s, {shifts} shifts each)")
    row = gallery.codes[0]
    bare = best_seconds(lambda: popcount_sum(np.bitwise_xor(gallery.codes, row[None, :])))
    print(f"reference         {gallery_n / bare / 1e6:8.2f} M bare XOR+popcount rows/s (1 thread, no masks or shifts)")
