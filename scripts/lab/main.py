"""The ``egate-lab`` entry point: the command groups of :mod:`scripts.lab.apps` with every command module's
commands registered on them."""

from __future__ import annotations

from scripts.lab import (  # noqa: F401  (each adds its commands to the groups)
    bench_chip,
    bench_dedup,
    bench_finger,
    bench_hostile,
    bench_iris,
    bench_onnx,
    bench_search,
    dedup_commands,
    dedup_models,
    eval_pad,
    face_commands,
    finger_commands,
    fusion_commands,
    iris_commands,
)
from scripts.lab.apps import app

__all__ = ["app"]

if __name__ == "__main__":
    app()
