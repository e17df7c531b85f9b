"""Benchmark (run by path, not collected): the cost of one shadow observation (k other travellers' references,
k dot products, a tally) against the face step's own work on the same frame (embedding one aligned face).

    uv run python tests/gate/service/bench_shadow.py
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from gate.assembly import build_face_pipeline
from gate.service.shadow import ShadowImpostors
from gate.settings import GateSettings, Settings, load_settings
from matcher.image import decode_image
from models import load_calibration


class _NoDatabase:
    """The counts stay pending: the benchmark measures the comparisons, not the database."""


def main(rounds: int = 200) -> None:
    shared = load_settings().shared
    pipeline = build_face_pipeline(Settings(gate=GateSettings(quality_profile="relaxed")))
    image = decode_image((Path(shared) / "data" / "faces" / "samples" / "obama.jpg").read_bytes()).rgb
    face = pipeline.detect(image)[0]
    probe = pipeline.embed_face(image, face)
    calibration = load_calibration(pipeline.calibration_id)
    comparison = pipeline.verify(probe, probe, calibration, 1e-3)
    rng = np.random.default_rng(0)
    for k in (32, 128):
        shadow = ShadowImpostors(_NoDatabase(), k=k, flush_every_s=1e9)  # type: ignore[arg-type]
        refs = [type(probe)(probe.model_id, rng.standard_normal(probe.dim).astype(np.float32)) for _ in range(k)]
        for ref in refs:
            shadow.observe(probe, ref, comparison)
        start = time.perf_counter()
        for n in range(rounds):
            shadow.observe(probe, refs[n % k], comparison)
        observe = (time.perf_counter() - start) / rounds
        start = time.perf_counter()
        for _ in range(20):
            pipeline.embed_face(image, face)
        embed = (time.perf_counter() - start) / 20
        print(f"k={k}: one shadow observation {observe * 1e6:.0f} µs; embedding one face {embed * 1e3:.1f} ms; "
              f"ratio {observe / embed:.4f}")


if __name__ == "__main__":
    main()
