"""The model registry: one JSON manifest per model in ``models/manifests/<model_id>.json``.

A manifest says what a model does, how its input is prepared, where its file comes from, the file's
sha256, its licence and which calibration its scores use. Registering another ONNX face embedder (an
agency's licensed model, say) is a matter of adding a manifest and a calibration file; no code changes::

    {
      "format": "egate-model/1",
      "model_id": "vendor-face-v3",
      "task": "face-embedding",
      "runtime": "onnxruntime",
      "file": "vendor/face_v3.onnx",
      "sha256": "…64 hex…",
      "source": {"kind": "file"},                      # or {"kind": "dlib-convert", "sha256": "…"}
                                                       # or {"kind": "openvino-ir-convert", "xml": …, "bin": …}
      "licence": "…", "description": "…",
      "input": {"name": "input", "layout": "NCHW", "chip_size": 112, "channel_order": "BGR",
                "mean": [127.5, 127.5, 127.5], "scale": [0.0078125, 0.0078125, 0.0078125],
                "alignment": {"template": "dlib-5-point", "padding": 0.25}},
      "output": {"name": "embedding", "dim": 512, "metric": "cosine", "l2_normalised": true},
      "calibration": "vendor-face-v3"
    }

``source.kind`` ``"file"`` reads ``file`` relative to the models root (``EGATE_SHARED/models`` unless
given); ``"dlib-convert"`` builds the file on first use from dlib's ``.dat`` in ``face_recognition_models``
into the cache (``EGATE_HOME/cache/models``); ``"openvino-ir-convert"`` likewise from an OpenVINO IR v5
``.xml``/``.bin`` pair under the models root (see :mod:`models.openvino_source`). Either way the bytes
must match ``sha256`` or :class:`ModelError` is raised; the embedder is built from verified bytes only.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from matcher.errors import ModelError
from matcher.face.embed_onnx import OnnxFaceEmbedder, Preprocess, RuntimeOptions
from matcher.thresholds import Calibration

FORMAT = "egate-model/1"
MANIFEST_DIR = Path(__file__).resolve().parent / "manifests"
_STAGE = "registry"


@dataclass(frozen=True)
class ModelManifest:
    model_id: str
    task: str
    file: str
    sha256: str
    source_kind: Literal["file", "dlib-convert", "openvino-ir-convert"]
    preprocess: Preprocess
    input_name: str | None
    output_name: str | None
    dim: int
    metric: str
    calibration: str
    licence: str = ""
    source_sha256: str = ""
    alignment: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    source: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, text: str | bytes) -> ModelManifest:
        try:
            doc = json.loads(text)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelError(f"model manifest is not valid JSON: {exc}", stage=_STAGE) from exc
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise ModelError(f"not an {FORMAT} manifest", stage=_STAGE)
        try:
            return cls._parse(doc)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ModelError(f"manifest {doc.get('model_id')!r} is missing or has malformed fields: {exc!r}",
                             stage=_STAGE) from exc

    @classmethod
    def _parse(cls, doc: dict[str, Any]) -> ModelManifest:
        inp, out, src = doc["input"], doc["output"], doc["source"]
        sha = str(doc["sha256"]).lower()
        if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
            raise ValueError("sha256 must be 64 hex digits")
        kind = src["kind"]
        if kind not in ("file", "dlib-convert", "openvino-ir-convert"):
            raise ValueError(f"unknown source kind {kind!r}")
        if doc["task"] != "face-embedding" or doc.get("runtime", "onnxruntime") != "onnxruntime":
            raise ValueError("only onnxruntime face-embedding models are supported")
        order, layout = inp.get("channel_order", "RGB"), inp.get("layout", "NCHW")
        if order not in ("RGB", "BGR") or layout not in ("NCHW", "NHWC"):
            raise ValueError(f"channel order {order!r} / layout {layout!r}")
        mean, scale = _triple(inp["mean"]), _triple(inp["scale"])
        pre = Preprocess(chip_size=int(inp["chip_size"]), channel_order=order, mean=mean, scale=scale,
                         layout=layout)
        known = {"format", "model_id", "task", "runtime", "file", "sha256", "source", "licence", "input",
                 "output", "calibration"}
        return cls(model_id=_model_id(doc["model_id"]), task=doc["task"], file=str(doc["file"]), sha256=sha,
                   source_kind=kind, preprocess=pre, input_name=inp.get("name"), output_name=out.get("name"),
                   dim=int(out["dim"]), metric=str(out.get("metric", "euclidean")),
                   calibration=_model_id(doc.get("calibration", doc["model_id"])),
                   licence=str(doc.get("licence", "")), source_sha256=str(src.get("sha256", "")).lower(),
                   alignment=dict(inp.get("alignment") or {}), source=dict(src),
                   extra={k: v for k, v in doc.items() if k not in known})


def _triple(value: Any) -> tuple[float, float, float]:
    values = [float(v) for v in (value if isinstance(value, list) else [value] * 3)]
    if len(values) != 3:
        raise ValueError("mean and scale need 1 or 3 values")
    return values[0], values[1], values[2]


def _model_id(value: Any) -> str:
    text = str(value)
    if not text or "/" in text or "\\" in text or text.startswith("."):
        raise ValueError(f"invalid model id {text!r}")
    return text


def available(directory: Path = MANIFEST_DIR) -> list[str]:
    """The model ids that have a manifest."""
    return sorted(p.stem for p in directory.glob("*.json"))


def load_manifest(model_id: str, directory: Path = MANIFEST_DIR) -> ModelManifest:
    try:
        path = directory / f"{_model_id(model_id)}.json"
    except ValueError as exc:
        raise ModelError(str(exc), stage=_STAGE) from exc
    if not path.is_file():
        raise ModelError(f"no manifest for model {model_id!r} in {directory} (have: {available(directory)})",
                         stage=_STAGE)
    manifest = ModelManifest.from_json(path.read_bytes())
    if manifest.model_id != model_id:
        raise ModelError(f"{path} describes {manifest.model_id!r}, not {model_id!r}", stage=_STAGE)
    return manifest


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify(data: bytes, expected: str, what: str) -> bytes:
    """``data`` if its sha256 is ``expected``, else :class:`ModelError`."""
    actual = sha256_hex(data)
    if actual != expected.lower():
        raise ModelError(f"{what} fails its checksum: sha256 {actual}, manifest says {expected}", stage=_STAGE)
    return data


def _default_dirs() -> tuple[Path, Path]:
    from gate.settings import load_settings  # the edge: operational settings only when not given

    settings = load_settings()
    return settings.cache_dir / "models", settings.shared / "models"


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _build_dlib(manifest: ModelManifest, target: Path) -> bytes:
    import face_recognition_models

    from matcher.face.dlib_onnx import convert

    dat_path = Path(face_recognition_models.face_recognition_model_location())
    if not dat_path.is_file():
        raise ModelError(f"dlib model {dat_path} is missing (reinstall face_recognition_models)", stage=_STAGE)
    dat = dat_path.read_bytes()
    if manifest.source_sha256:
        verify(dat, manifest.source_sha256, f"dlib model {dat_path}")
    data = verify(convert(dat), manifest.sha256, f"ONNX conversion of {dat_path.name}")
    write_atomic(target, data)
    return data


def model_bytes(manifest: ModelManifest, *, cache_dir: Path | None = None,
                models_root: Path | None = None) -> bytes:
    """The verified bytes of the model file: read (``file``) or built on first use (the ``…-convert`` kinds)."""
    if cache_dir is None or models_root is None:
        default_cache, default_root = _default_dirs()
        cache_dir, models_root = cache_dir or default_cache, models_root or default_root
    if manifest.source_kind in ("dlib-convert", "openvino-ir-convert"):
        path = cache_dir / manifest.file
        if not path.is_file() and manifest.source_kind == "dlib-convert":
            return _build_dlib(manifest, path)
        if not path.is_file():
            from models.openvino_source import build_from_openvino_ir

            return build_from_openvino_ir(manifest.source, manifest.sha256, path, models_root)
    else:
        path = Path(manifest.file) if Path(manifest.file).is_absolute() else models_root / manifest.file
        if not path.is_file():
            raise ModelError(f"model file {path} for {manifest.model_id!r} is missing", stage=_STAGE)
    return verify(path.read_bytes(), manifest.sha256, f"model file {path}")


def build_embedder(model_id: str, *, flip: bool = False, options: RuntimeOptions | None = None,
                   manifest_dir: Path = MANIFEST_DIR, cache_dir: Path | None = None,
                   models_root: Path | None = None) -> OnnxFaceEmbedder:
    """The ONNX embedder registered as ``model_id`` (e.g. the settings' ``face.embedder``)."""
    manifest = load_manifest(model_id, manifest_dir)
    return embedder_from_manifest(manifest, model_bytes(manifest, cache_dir=cache_dir, models_root=models_root),
                                  flip=flip, options=options)


def embedder_from_manifest(manifest: ModelManifest, model: bytes, *, flip: bool = False,
                           options: RuntimeOptions | None = None) -> OnnxFaceEmbedder:
    return OnnxFaceEmbedder(model, model_id=manifest.model_id, dim=manifest.dim, preprocess=manifest.preprocess,
                            input_name=manifest.input_name, output_name=manifest.output_name, flip=flip,
                            options=options)


def calibration_for(manifest: ModelManifest, directory: Path | None = None) -> Calibration:
    """The calibration the manifest points at (``models/calibration/<calibration>.json``)."""
    from models import CALIBRATION_DIR, load_calibration

    return load_calibration(manifest.calibration, directory or CALIBRATION_DIR)
