"""Models converted to ONNX on first use, from sources the manifest names and checksums:

* ``dlib-convert``: dlib's ResNet ``.dat`` shipped by ``face_recognition_models`` (:mod:`matcher.face.dlib_onnx`);
* ``openvino-ir-convert``: an OpenVINO IR v5 ``.xml`` + ``.bin`` pair under the models root
  (:mod:`matcher.face.openvino_ir`).

The converted bytes must match the manifest's ``sha256`` (the conversions are deterministic), so a changed
converter or source file is caught, not silently used.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from gate.model_store.files import verify
from matcher.errors import ModelError
from matcher.face.manifest import ModelManifest

_STAGE = "model-files"


def from_dlib(manifest: ModelManifest, models_root: Path) -> bytes:
    import face_recognition_models

    from matcher.face.dlib_onnx import convert

    dat_path = Path(face_recognition_models.face_recognition_model_location())
    if not dat_path.is_file():
        raise ModelError(f"dlib model {dat_path} is missing (reinstall face_recognition_models)", stage=_STAGE)
    dat = dat_path.read_bytes()
    if manifest.source_sha256:
        verify(dat, manifest.source_sha256, f"dlib model {dat_path}")
    return verify(convert(dat), manifest.sha256, f"ONNX conversion of {dat_path.name}")


def _source_entry(source: dict[str, object], key: str) -> tuple[str, str]:
    name, sha = source.get(key), source.get(f"{key}_sha256")
    if not isinstance(name, str) or not isinstance(sha, str):
        raise ModelError(f"the manifest's source needs {key!r} and {key + '_sha256'!r}", stage=_STAGE)
    return name, sha


def _source_file(models_root: Path, name: str, sha: str) -> bytes:
    path = Path(name) if Path(name).is_absolute() else models_root / name
    if not path.is_file():
        raise ModelError(f"OpenVINO IR file {path} is missing (set EGATE_SHARED)", stage=_STAGE)
    return verify(path.read_bytes(), sha, f"OpenVINO IR file {path}")


def from_openvino_ir(manifest: ModelManifest, models_root: Path) -> bytes:
    from matcher.face.openvino_ir import convert

    entries = [_source_entry(manifest.source, key) for key in ("xml", "bin")]  # both named before reading
    xml, weights = (_source_file(models_root, name, sha) for name, sha in entries)
    return verify(convert(xml, weights), manifest.sha256, f"ONNX conversion of {manifest.source['xml']}")


CONVERTERS: dict[str, Callable[[ModelManifest, Path], bytes]] = {
    "dlib-convert": from_dlib,
    "openvino-ir-convert": from_openvino_ir,
}
