"""The gate's edge for model files: find, convert into the cache, verify, and build embedders and face
pipelines from them. Directories come from the settings
(``Settings.model_cache_dir``, ``Settings.models_root``)."""

from gate.model_store.files import model_bytes, sha256_hex, verify, write_atomic
from gate.model_store.pipelines import build_embedder, embedder_from_manifest, face_pipeline

__all__ = ["build_embedder", "embedder_from_manifest", "face_pipeline", "model_bytes", "sha256_hex",
           "verify", "write_atomic"]
