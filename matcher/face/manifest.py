"""Model manifests (``egate-model/1``): what a model does, how its input is prepared, where its file comes
from, its sha256, its licence and which calibration its scores use. Parsed from bytes; the files live in
``models/manifests/`` and are found by :mod:`models`, fetched and verified by :mod:`gate.model_store`.

Registering another ONNX face embedder (an agency's licensed model, say) is a matter of adding a
manifest and a calibration file; no code changes::

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
      "input": {"name": "input", "layout": "NCHW", "crop_size": 112, "channel_order": "BGR",
                "mean": [127.5, 127.5, 127.5], "scale": [0.0078125, 0.0078125, 0.0078125],
                "alignment": {"template": "dlib-5-point", "padding": 0.25}},
      "output": {"name": "embedding", "dim": 512, "metric": "cosine", "l2_normalised": true},
      "calibration": "vendor-face-v3"
    }

``source.kind`` ``"file"`` reads ``file`` relative to the models root (``EGATE_SHARED/models`` unless
given); ``"dlib-convert"`` builds the file on first use from dlib's ``.dat`` in ``face_recognition_models``
into the cache (``EGATE_HOME/cache/models``); ``"openvino-ir-convert"`` likewise from an OpenVINO IR v5
``.xml``/``.bin`` pair under the models root (see :mod:`gate.model_store.convert`). Either way the bytes
must match ``sha256`` or :class:`ModelError` is raised; the embedder is built from verified bytes only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from matcher.errors import ModelError
from matcher.face.embed_onnx import Preprocess

FORMAT = "egate-model/1"
_STAGE = "manifest"


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
        pre = Preprocess(crop_size=int(inp["crop_size"]), channel_order=order, mean=mean, scale=scale,
                         layout=layout)
        known = {"format", "model_id", "task", "runtime", "file", "sha256", "source", "licence", "input",
                 "output", "calibration"}
        return cls(model_id=valid_model_id(doc["model_id"]), task=doc["task"], file=str(doc["file"]), sha256=sha,
                   source_kind=kind, preprocess=pre, input_name=inp.get("name"), output_name=out.get("name"),
                   dim=int(out["dim"]), metric=str(out.get("metric", "euclidean")),
                   calibration=valid_model_id(doc.get("calibration", doc["model_id"])),
                   licence=str(doc.get("licence", "")), source_sha256=str(src.get("sha256", "")).lower(),
                   alignment=dict(inp.get("alignment") or {}), source=dict(src),
                   extra={k: v for k, v in doc.items() if k not in known})


def _triple(value: Any) -> tuple[float, float, float]:
    values = [float(v) for v in (value if isinstance(value, list) else [value] * 3)]
    if len(values) != 3:
        raise ValueError("mean and scale need 1 or 3 values")
    return values[0], values[1], values[2]


def valid_model_id(value: Any) -> str:
    """``value`` as a model id (a file stem: no path separators, not hidden), else ValueError."""
    text = str(value)
    if not text or "/" in text or "\\" in text or text.startswith("."):
        raise ValueError(f"invalid model id {text!r}")
    return text
