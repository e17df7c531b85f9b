"""Model files at the edge: where a manifest's file is, its checksum, atomic writes into the cache.

``source.kind`` ``"file"`` reads ``file`` relative to the models root (``EGATE_SHARED/models``); the
``…-convert`` kinds build the file on first use into the cache (``EGATE_HOME/cache/models``). Either way
the bytes must match the manifest's ``sha256`` or :class:`ModelError` is raised: nothing is built from
unverified bytes, and a missing file is one error naming its path.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from matcher.errors import ModelError
from matcher.face.manifest import ModelManifest

_STAGE = "model-files"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verify(data: bytes, expected: str, what: str) -> bytes:
    """``data`` if its sha256 is ``expected``, else :class:`ModelError`."""
    actual = sha256_hex(data)
    if actual != expected.lower():
        raise ModelError(f"{what} fails its checksum: sha256 {actual}, manifest says {expected}", stage=_STAGE)
    return data


def write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def model_bytes(manifest: ModelManifest, *, cache_dir: Path, models_root: Path) -> bytes:
    """The verified bytes of the model file: read (``file``) or built on first use (the ``…-convert`` kinds)."""
    from gate.model_store.convert import CONVERTERS

    if manifest.source_kind in CONVERTERS:
        path = cache_dir / manifest.file
        if path.is_file():
            cached = path.read_bytes()
            if sha256_hex(cached) == manifest.sha256:
                return cached
        # absent, or left by an older converter or a damaged write: convert again (checksum-verified)
        data = CONVERTERS[manifest.source_kind](manifest, models_root)
        write_atomic(path, data)
        return data
    else:
        path = Path(manifest.file) if Path(manifest.file).is_absolute() else models_root / manifest.file
        if not path.is_file():
            raise ModelError(f"model file {path} for {manifest.model_id!r} is missing (set EGATE_SHARED)",
                             stage=_STAGE)
    return verify(path.read_bytes(), manifest.sha256, f"model file {path}")
