"""The gallery index as bytes (the caller writes them where it likes; no file I/O here).

Layout: magic ``EGIDX1\\n``, a 4-byte big-endian header length, a UTF-8 JSON header (format, dim, metric,
model id, row count, identities), the float32 little-endian templates (rows × dim), and a trailing
SHA-256 of everything before it. Any mismatch raises :class:`TemplateFormatError`.
"""

from __future__ import annotations

import hashlib
import json
import struct

import numpy as np

from matcher.errors import TemplateFormatError
from matcher.search.index import GalleryIndex

MAGIC = b"EGIDX1\n"
FORMAT = "egate-gallery/1"


def index_to_bytes(index: GalleryIndex) -> bytes:
    labels, vecs = index.live_rows()
    header = json.dumps({"format": FORMAT, "dim": index.dim, "metric": index.metric, "model_id": index.model_id,
                         "rows": len(labels), "identities": labels}, separators=(",", ":")).encode()
    body = MAGIC + struct.pack(">I", len(header)) + header + vecs.astype("<f4").tobytes()
    return body + hashlib.sha256(body).digest()


def index_from_bytes(data: bytes, **options: object) -> GalleryIndex:
    """Rebuild an index; ``options`` (backend, exact_limit, nprobe, threads) are operational, not stored."""
    if len(data) < len(MAGIC) + 4 + 32 or not data.startswith(MAGIC):
        raise TemplateFormatError("not an egate gallery index (bad magic or truncated)", stage="search")
    body, digest = data[:-32], data[-32:]
    if hashlib.sha256(body).digest() != digest:
        raise TemplateFormatError("gallery index checksum mismatch", stage="search")
    (hlen,) = struct.unpack(">I", body[len(MAGIC) : len(MAGIC) + 4])
    start = len(MAGIC) + 4
    try:
        head = json.loads(body[start : start + hlen])
        dim, rows, labels = int(head["dim"]), int(head["rows"]), list(head["identities"])
        if head["format"] != FORMAT or len(labels) != rows:
            raise ValueError("format or row count")
    except (ValueError, KeyError, TypeError) as exc:
        raise TemplateFormatError(f"gallery index header is malformed: {exc}", stage="search") from exc
    payload = body[start + hlen :]
    if len(payload) != rows * dim * 4:
        raise TemplateFormatError("gallery index payload has the wrong length", stage="search")
    vecs = np.frombuffer(payload, "<f4").reshape(rows, dim).astype(np.float32)
    index = GalleryIndex(dim, model_id=str(head.get("model_id", "")), metric=head.get("metric", "euclidean"),
                         **options)  # type: ignore[arg-type]
    if rows:
        index.add(labels, vecs)
    return index
