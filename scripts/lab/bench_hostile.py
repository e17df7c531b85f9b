"""``egate-lab bench hostile-frame``: the service's normal-priority work for one hostile 4000×2990 frame,
with YuNet on the whole reduced frame (before ``YUNET_DETECT_SIDE``) against YuNet on its bounded copy, in
the same run, the two alternating so that the machine's load falls on both alike.

    uv run egate-lab bench hostile-frame [--repeats 20] [--json out.json]

Decoding and reducing such a frame to the work side (1920 px) is the idle-priority worker's and is not
timed. Timed, for the blank PNG the load script's hostile gate posts: the header check, taking the reduced
frame from the worker's reply, detection (no face: the transaction stops there). For a 4000×2990 photo
holding a face, also the rest of the capture: landmarks, quality, PAD, embedding and the referral's JPEG
(PAD before its crop-first change also turned the whole frame to BGR; that copy is timed on its own). A
traveller's 853×480 camera frame, decoded and run through the same stages, is the yardstick.
"""

from __future__ import annotations

import io
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import numpy as np
import typer
from numpy.typing import NDArray
from PIL import Image

from gate.assembly import build_face_pipeline, load_pad
from gate.cli.context import cli_settings
from gate.frame_reduce import OK, REPLY, read_reply, reduce_frame
from gate.service.frames import MAX_FRAME_PIXELS, WORK_SIDE
from matcher.face.detect_yunet import YuNetDetector
from matcher.face.pad import PresentationAttackDetector
from matcher.face.pipeline import FacePipeline
from matcher.face.ports import FaceDetector
from matcher.image import decode_image, encode_jpeg
from scripts.lab.apps import bench_app
from scripts.lab.bench_face import frame_with_face
from scripts.load_fixture import LIVE_PHOTO, blank_png

UNBOUNDED = 1_000_000  # YuNet on the whole frame, as before the detection side
Stages = dict[str, Callable[[], object]]


def _png(rgb: NDArray[np.uint8]) -> bytes:
    out = io.BytesIO()
    Image.fromarray(rgb).save(out, "PNG", compress_level=1)
    return out.getvalue()


def _received(data: bytes) -> tuple[Callable[[], object], NDArray[np.uint8]]:
    """Reading the worker's reply (the reduced frame) as the service does, and that frame."""
    reduced = reduce_frame(data, max_pixels=MAX_FRAME_PIXELS, work_side=WORK_SIDE)
    assert reduced.rgb is not None
    h, w = reduced.rgb.shape[:2]
    reply = REPLY.pack(OK, h, w, 0) + reduced.rgb.tobytes()
    return lambda: read_reply(io.BytesIO(reply), work_side=WORK_SIDE), reduced.rgb


def _stages(pipeline: FacePipeline, detector: FaceDetector, pad: PresentationAttackDetector | None,
            data: bytes, frame: NDArray[np.uint8], receive: Callable[[], object], *, before: bool) -> Stages:
    """The service's stages on ``frame`` (with ``detector``); those after detection only when it finds a face."""
    stages: Stages = {"header check": lambda: Image.open(io.BytesIO(data)).size, "receive or decode": receive,
                      "detect": lambda: detector.detect(frame)}
    boxes = detector.detect(frame)
    if not boxes:
        return stages
    face = pipeline.detect(frame)[0]
    stages["landmarks"] = lambda: pipeline.landmarker.predict(frame, boxes[0])
    stages["quality"] = lambda: pipeline.assess(frame, face)
    if pad is not None:
        stages["PAD"] = lambda: pad.score(frame, face.box)
        if before:
            stages["PAD: whole frame to BGR"] = lambda: np.ascontiguousarray(frame[:, :, ::-1])
    stages["embed"] = lambda: pipeline.embed_face(frame, face)
    stages["referral JPEG"] = lambda: encode_jpeg(frame, quality=90)
    return stages


def _timed(cases: dict[str, Stages], repeats: int) -> dict[str, dict[str, float]]:
    """Median ms per stage of each case; cases alternate within every repeat."""
    times: dict[str, dict[str, list[float]]] = {c: {s: [] for s in st} for c, st in cases.items()}
    for n in range(repeats + 1):
        for case, stages in cases.items():
            for name, run in stages.items():
                start = time.perf_counter()
                run()
                if n:  # the first pass warms every stage up
                    times[case][name].append((time.perf_counter() - start) * 1000)
    return {c: {s: round(statistics.median(v), 2) for s, v in st.items()} for c, st in times.items()}


def _totals(figures: dict[str, dict[str, float]]) -> dict[str, float]:
    return {case: round(sum(stages.values()), 2) for case, stages in figures.items()}


@bench_app.command("hostile-frame")
def bench_hostile_frame(
    ctx: typer.Context,
    repeats: Annotated[int, typer.Option(min=3, help="timed runs per stage")] = 20,
    json_out: Annotated[Path | None, typer.Option("--json", help="write the figures as JSON here")] = None,
) -> None:
    """Normal-priority ms per 4000×2990 frame: YuNet on the whole reduced frame against its bounded copy."""
    settings = cli_settings(ctx)
    if settings.face.detector != "yunet":
        raise typer.BadParameter("the gate's detector is not YuNet (EGATE_FACE__DETECTOR)")
    live = settings.face_samples_dir / LIVE_PHOTO
    if not live.is_file():
        raise typer.BadParameter(f"{live} not found; set EGATE_SHARED")
    pipeline = build_face_pipeline(settings)
    pad = load_pad(settings.shared / "models" / "minifasnet")
    after = pipeline.detector
    before = YuNetDetector(settings.yunet_model.read_bytes(), detect_side=UNBOUNDED)
    camera = live.read_bytes()
    camera_rgb = decode_image(camera).rgb
    portrait = decode_image((settings.face_samples_dir / "obama.jpg").read_bytes()).rgb
    cases: dict[str, Stages] = {"traveller 853x480 JPEG": _stages(
        pipeline, after, pad, camera, camera_rgb, lambda: decode_image(camera), before=False)}
    for name, data in (("blank 4000x2990 PNG", blank_png()),
                       ("photo 4000x2990 PNG", _png(frame_with_face(portrait, 4000, 2990, fraction=0.4)))):
        receive, reduced = _received(data)
        for label, detector in (("before", before), ("after", after)):
            cases[f"{name}, {label}"] = _stages(pipeline, detector, pad, data, reduced, receive,
                                                before=label == "before")
    figures = _timed(cases, repeats)
    totals = _totals(figures)
    ratios = {name: round(totals[f"{name}, before"] / totals[f"{name}, after"], 2)
              for name in ("blank 4000x2990 PNG", "photo 4000x2990 PNG")}
    for case, stages in figures.items():
        typer.echo(f"{case}: total {totals[case]} ms  " + ", ".join(f"{s} {v}" for s, v in stages.items()))
    for name, value in ratios.items():
        typer.echo(f"{name}: before / after = {value}x; after / traveller frame = "
                   f"{totals[f'{name}, after'] / totals['traveller 853x480 JPEG']:.2f}x")
    if json_out:
        json_out.write_text(json.dumps({"repeats": repeats, "median_ms": figures, "total_ms": totals,
                                        "before_over_after": ratios}, indent=2) + "\n")
