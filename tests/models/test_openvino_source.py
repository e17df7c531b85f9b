"""The ``openvino-ir-convert`` source kind: the shipped manifest, conversion into the cache on first use,
and refusal of a source file or cache entry that fails its checksum."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from gate.model_store import build_embedder, model_bytes
from matcher.errors import ModelError
from models import load_manifest
from tests.conftest import require

MODEL_ID = "omz-face-reid-0095"


def test_shipped_manifest_is_valid() -> None:
    m = load_manifest(MODEL_ID)
    assert (m.source_kind, m.dim, m.metric, m.preprocess.crop_size) == ("openvino-ir-convert", 256, "cosine", 128)
    assert m.preprocess.channel_order == "BGR" and m.alignment["template"] == MODEL_ID
    assert m.source["xml"].endswith(".xml") and len(m.source["bin_sha256"]) == 64


@pytest.fixture
def models_root(shared_dir: Path, tmp_path: Path) -> Path:
    """A copy of the shared IR in a models root of its own (so a test may damage it)."""
    src = require(shared_dir / "models" / MODEL_ID)
    root = tmp_path / "root"
    shutil.copytree(src, root / MODEL_ID)
    return root


def test_converts_on_first_use_into_the_cache(models_root: Path, tmp_path: Path) -> None:
    manifest = load_manifest(MODEL_ID)
    cache = tmp_path / "cache"
    data = model_bytes(manifest, cache_dir=cache, models_root=models_root)
    assert hashlib.sha256(data).hexdigest() == manifest.sha256
    assert (cache / manifest.file).read_bytes() == data
    shutil.rmtree(models_root)  # the second use reads the cache, not the IR
    assert model_bytes(manifest, cache_dir=cache, models_root=models_root) == data
    emb = build_embedder(MODEL_ID, cache_dir=cache, models_root=models_root)
    out = emb.embed(np.full((2, 128, 128, 3), 128, np.uint8))
    assert out.shape == (2, 256) and np.isfinite(out).all()


def test_a_changed_source_file_is_refused(models_root: Path, tmp_path: Path) -> None:
    manifest = load_manifest(MODEL_ID)
    xml = models_root / manifest.source["xml"]
    xml.write_bytes(xml.read_bytes().replace(b'group="512"', b'group="256"', 1))
    with pytest.raises(ModelError, match="checksum"):
        model_bytes(manifest, cache_dir=tmp_path / "cache", models_root=models_root)
    assert not (tmp_path / "cache" / manifest.file).exists()


def test_a_missing_source_is_refused_and_a_stale_cache_entry_rebuilt(models_root: Path, tmp_path: Path) -> None:
    """A cache entry that fails the manifest's checksum (damaged, or left by an older converter) is never
    used: it is converted again from the verified source, and without the source the error names it."""
    manifest = load_manifest(MODEL_ID)
    with pytest.raises(ModelError, match="missing"):
        model_bytes(manifest, cache_dir=tmp_path / "cache", models_root=tmp_path / "nowhere")
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / manifest.file).write_bytes(b"not a model")
    with pytest.raises(ModelError, match="missing"):
        model_bytes(manifest, cache_dir=tmp_path / "cache", models_root=tmp_path / "nowhere")
    data = model_bytes(manifest, cache_dir=tmp_path / "cache", models_root=models_root)
    assert hashlib.sha256(data).hexdigest() == manifest.sha256
    assert (tmp_path / "cache" / manifest.file).read_bytes() == data


def test_a_source_without_checksums_is_refused(tmp_path: Path) -> None:
    doc = json.loads((Path(__file__).resolve().parents[2] / "models/manifests" / f"{MODEL_ID}.json").read_text())
    del doc["source"]["bin_sha256"]
    (tmp_path / "m").mkdir()
    (tmp_path / "m" / f"{MODEL_ID}.json").write_text(json.dumps(doc))
    with pytest.raises(ModelError, match="bin_sha256"):
        model_bytes(load_manifest(MODEL_ID, tmp_path / "m"), cache_dir=tmp_path / "cache", models_root=tmp_path)
