"""1:N search: a gallery index with exact (numpy) and faiss back ends, its byte codec, and the decision at
an FPIR target corrected for gallery size.

    index = GalleryIndex(128, model_id="dlib-resnet-v1-onnx")
    index.add(["alice", "bob"], templates)            # (N, 128) float32
    [result] = index.search(probe, k=5)              # SearchResult: hits (identity, distance, rank)
    decision = decide(result, calibration, fpir_target=0.01)
    blob = index_to_bytes(index); index = index_from_bytes(blob)
"""

from __future__ import annotations

from matcher.search.codec import index_from_bytes, index_to_bytes
from matcher.search.decision import IdentificationDecision, decide, per_comparison_fmr
from matcher.search.index import GalleryIndex, Hit, SearchResult

__all__ = ["GalleryIndex", "Hit", "IdentificationDecision", "SearchResult", "decide", "index_from_bytes",
           "index_to_bytes", "per_comparison_fmr"]
