"""The ``openvino-ir-convert`` source kind: an OpenVINO IR v5 model (``.xml`` + ``.bin`` under the models
root, e.g. ``EGATE_SHARED/models``) converted to ONNX on first use into the cache. The manifest's
``source`` names both files and their sha256; the converted bytes must match the manifest's ``sha256``
(the conversion is deterministic), so a changed converter or source file is caught, not silently used."""

from __future__ import annotations

from pathlib import Path

from matcher.errors import ModelError

KIND = "openvino-ir-convert"
_STAGE = "registry"


def _entry(source: dict[str, object], key: str) -> tuple[str, str]:
    name, sha = source.get(key), source.get(f"{key}_sha256")
    if not isinstance(name, str) or not isinstance(sha, str):
        raise ModelError(f"the manifest's source needs {key!r} and {key + '_sha256'!r}", stage=_STAGE)
    return name, sha


def _read(models_root: Path, name: str, sha: str) -> bytes:
    from models.registry import verify

    path = Path(name) if Path(name).is_absolute() else models_root / name
    if not path.is_file():
        raise ModelError(f"OpenVINO IR file {path} is missing (set EGATE_SHARED)", stage=_STAGE)
    return verify(path.read_bytes(), sha, f"OpenVINO IR file {path}")


def build_from_openvino_ir(source: dict[str, object], sha256: str, target: Path, models_root: Path) -> bytes:
    """Convert the verified IR to ONNX, check the result's sha256, write it to ``target``; its bytes."""
    from matcher.face.openvino_ir import convert
    from models.registry import verify, write_atomic

    xml_entry, bin_entry = _entry(source, "xml"), _entry(source, "bin")  # both named before reading either
    xml, weights = _read(models_root, *xml_entry), _read(models_root, *bin_entry)
    data = verify(convert(xml, weights), sha256, f"ONNX conversion of {source['xml']}")
    write_atomic(target, data)
    return data
