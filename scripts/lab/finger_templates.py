"""The FVC images as templates for ``egate-lab eval finger``: extraction per set, cached under
``<cache_dir>/finger/`` (written atomically, a damaged entry re-extracted), the SecuGen ISO templates, and
the scoring of pairs."""

from __future__ import annotations

import os
import tempfile
import time
import zipfile
from pathlib import Path
from typing import Any

import numpy as np

from matcher.errors import FingerprintError
from matcher.evaluation import fvc
from matcher.finger import iso19794_2, params
from matcher.finger.api import get_matcher
from matcher.finger.extract import get_extractor
from matcher.finger.image import decode_image, normalise
from matcher.finger.template import FingerTemplate, make_template, rescaled

Failure = str  # error code of an image that gave no template

def fvc_set_name(db: Path) -> str:
    return f"{db.parent.name}_{db.name}"


def _cache_file(cache: Path, set_name: str, name: str) -> Path:
    return cache / set_name / f"{name}.npz"


def _load_cached(path: Path) -> tuple[FingerTemplate | Failure, float] | None:
    """The cached result, or None when there is none or it cannot be read (it is then extracted again)."""
    if not path.is_file():
        return None
    try:
        return _read_cached(path)
    except (OSError, EOFError, ValueError, KeyError, TypeError, zipfile.BadZipFile, FingerprintError):
        return None  # cut short, not an npz, or holding an impossible template


def _read_cached(path: Path) -> tuple[FingerTemplate | Failure, float]:
    with np.load(path, allow_pickle=False) as z:
        ms = float(z["extract_ms"])
        if "error" in z:
            return str(z["error"]), ms
        nfiq2 = int(z["nfiq2"])
        return make_template(z["x"], z["y"], z["angle"], kind=z["kind"], quality=z["quality"],
                             width=int(z["width"]), height=int(z["height"]), nfiq2=nfiq2 if nfiq2 >= 0 else None,
                             extractor=str(z["extractor"])), ms


def _save_cached(path: Path, result: FingerTemplate | Failure, ms: float) -> None:
    """Written whole or not at all (a temporary file renamed), so two runs sharing a cache never leave a
    half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".npz.tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            if isinstance(result, str):
                np.savez(f, error=result, extract_ms=ms)
            else:
                np.savez(f, x=result.x, y=result.y, angle=result.angle, kind=result.kind, quality=result.quality,
                         width=result.width, height=result.height,
                         nfiq2=-1 if result.nfiq2 is None else result.nfiq2, extractor=result.extractor,
                         extract_ms=ms)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def extract_set(db: Path, extractor_name: str, cache: Path) -> tuple[dict[str, FingerTemplate | Failure], list[float]]:
    """Templates (or failure codes) of every image of one set, with the extraction time of each (ms)."""
    extractor = get_extractor(extractor_name)
    set_name = fvc_set_name(db)
    dpi = fvc.SET_DPI.get(set_name, params.TARGET_DPI)
    out: dict[str, FingerTemplate | Failure] = {}
    times: list[float] = []
    for path in sorted(db.glob("*.tif")):
        cache_path = _cache_file(cache, set_name, path.stem)
        cached = _load_cached(cache_path)
        if cached is None:
            data = path.read_bytes()
            start = time.perf_counter()
            result: FingerTemplate | Failure
            try:
                result = extractor.extract(normalise(decode_image(data), dpi))
            except FingerprintError as exc:
                result = exc.code
            ms = (time.perf_counter() - start) * 1000
            _save_cached(cache_path, result, ms)
            cached = (result, ms)
        out[path.stem], ms = cached
        times.append(ms)
    return out, times


def prepare_all(
    matcher_name: str, templates: dict[str, FingerTemplate | Failure]
) -> tuple[dict[str, Any], list[float]]:
    matcher = get_matcher(matcher_name)
    prepared: dict[str, Any] = {}
    prep_ms: list[float] = []
    for name, t in templates.items():
        if not isinstance(t, str):
            start = time.perf_counter()
            prepared[name] = matcher.prepare(t)
            prep_ms.append((time.perf_counter() - start) * 1000)
    return prepared, prep_ms


def score_pairs(matcher_name: str, probes: dict[str, Any], gallery: dict[str, Any],
                pairs: list[fvc.Pair]) -> tuple[np.ndarray, list[float]]:
    """Scores of the pairs (0.0, the floor of both matchers, when either side failed to extract)."""
    matcher = get_matcher(matcher_name)
    scores = np.zeros(len(pairs))
    match_ms: list[float] = []
    for i, (a, b) in enumerate(pairs):
        if a in probes and b in gallery:
            start = time.perf_counter()
            scores[i] = matcher.score_prepared(probes[a], gallery[b])
            match_ms.append((time.perf_counter() - start) * 1000)
    return scores, match_ms


def secugen_set(db: Path, iso_dir: Path) -> tuple[dict[str, FingerTemplate | Failure], list[float]]:
    """The SecuGen ISO templates of a set, brought back to the image's geometry at 500 ppi: they were
    extracted from the images stretched to 300×400, so x and y are rescaled apart (see the docs)."""
    set_name = fvc_set_name(db)
    scale = params.TARGET_DPI / fvc.SET_DPI.get(set_name, params.TARGET_DPI)
    out: dict[str, FingerTemplate | Failure] = {}
    times: list[float] = []
    for path in sorted(db.glob("*.tif")):
        data = (iso_dir / set_name / f"{path.stem}.iso").read_bytes()
        h, w = decode_image(path.read_bytes()).shape
        start = time.perf_counter()
        try:
            t = iso19794_2.decode(data).templates[0]
            out[path.stem] = rescaled(t, w * scale / t.width, h * scale / t.height)
        except FingerprintError as exc:
            out[path.stem] = exc.code
        times.append((time.perf_counter() - start) * 1000)
    return out, times
