"""The ``openvino-ir-convert`` source kind: an OpenVINO IR v5 model (``.xml`` + ``.bin`` under the models
root, e.g. ``EGATE_SHARED/models``) converted to ONNX on first use into the cache. The manifest's
``source`` names both files and their sha256; the converted bytes must match the manifest's ``sha256``
(the conversion is deterministic), so a changed converter or source file is caught, not silently used."""

from __future__ import annotations

from pathlib import Path

from matcher.errors import ModelError

KIND = "openvino-ir-convert"
_STAGE = "registry"


def _read(models_root: Path, source: dict[str, object], key: str) -> bytes:
    from models.registry import verify

    name, sha = source.get(key), source.get(f"{key}_sha256")
    if not isinstance(name, str) or not isinstance(sha, str):
        raise ModelError(f"the manifest's source needs {key!r} and {key + '_sha256'!r}", stage=_STAGE)
    path = Path(name) if Path(name).is_absolute() else models_root / name
    if not path.is_file():
        raise ModelError(f"OpenVINO IR file {path} is missing (set EGATE_SHARED)", stage=_STAGE)
    return verify(path.read_bytes(), sha, f"OpenVINO IR file {path}")


def build_from_openvino_ir(source: dict[str, object], sha256: str, target: Path, models_root: Path) -> bytes:
    """Convert the verified IR to ONNX, check the result's sha256, write it to ``target``; its bytes."""
    from matcher.face.openvino_ir import convert
    from models.registry import verify, write_atomic

    xml, weights = _read(models_root, source, "xml"), _read(models_root, source, "bin")
    data = verify(convert(xml, weights), sha256, f"ONNX conversion of {source['xml']}")
    write_atomic(target, data)
    return data
