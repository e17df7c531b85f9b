"""Versioned binary format of biometric feature vectors (face descriptors and other fixed-length vectors).

Layout, little-endian::

    magic        4 bytes  b"EGTM"
    version      u16      FORMAT_VERSION
    model_id     u8 length + UTF-8 (the model *and* version that produced the vector)
    dim          u16
    dtype        u8       1 = float32, 2 = float16
    data         dim × itemsize
    crc32        u32      over every preceding byte

A template is only comparable with templates of the same ``model_id``: :func:`decode_template` with
``expected_model`` refuses others with :class:`TemplateMismatchError`.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matcher.errors import TemplateFormatError, TemplateMismatchError

MAGIC = b"EGTM"
FORMAT_VERSION = 1
_DTYPES: dict[int, np.dtype[np.floating]] = {1: np.dtype("<f4"), 2: np.dtype("<f2")}
_CODES = {v: k for k, v in _DTYPES.items()}
MAX_DIM = 8192


@dataclass(frozen=True)
class Template:
    model_id: str
    vector: NDArray[np.float32]

    @property
    def dim(self) -> int:
        return int(self.vector.shape[0])


def encode_template(template: Template, *, dtype: str = "<f4") -> bytes:
    vec = np.asarray(template.vector)
    if vec.ndim != 1 or not 0 < vec.shape[0] <= MAX_DIM or not np.isfinite(vec).all():
        raise TemplateFormatError(f"template vector must be 1-D, finite, 1..{MAX_DIM} long")
    code = _CODES.get(np.dtype(dtype))
    if code is None:
        raise TemplateFormatError(f"unsupported template dtype {dtype}")
    model = template.model_id.encode("utf-8")
    if not 0 < len(model) < 256:
        raise TemplateFormatError("model id must be 1..255 bytes of UTF-8")
    body = (MAGIC + struct.pack("<HB", FORMAT_VERSION, len(model)) + model
            + struct.pack("<HB", vec.shape[0], code) + vec.astype(_DTYPES[code]).tobytes())
    return body + struct.pack("<I", zlib.crc32(body))


def decode_template(data: bytes, *, expected_model: str | None = None, expected_dim: int | None = None) -> Template:
    data = bytes(data)
    if len(data) < 4 + 2 + 1 + 1 + 2 + 1 + 4 or data[:4] != MAGIC:
        raise TemplateFormatError("not an egate template (bad magic or too short)")
    body, (crc,) = data[:-4], struct.unpack("<I", data[-4:])
    if zlib.crc32(body) != crc:
        raise TemplateFormatError("template checksum mismatch: the data is corrupt")
    version, mlen = struct.unpack_from("<HB", body, 4)
    if version != FORMAT_VERSION:
        raise TemplateMismatchError(f"template format version {version}; this build reads {FORMAT_VERSION}")
    off = 7 + mlen
    if len(body) < off + 3:
        raise TemplateFormatError("template is truncated")
    try:
        model_id = body[7:off].decode("utf-8")
    except UnicodeDecodeError as exc:
        raise TemplateFormatError("template model id is not UTF-8") from exc
    dim, code = struct.unpack_from("<HB", body, off)
    if dim == 0:
        raise TemplateFormatError("template declares no values")
    dtype = _DTYPES.get(code)
    if dtype is None:
        raise TemplateFormatError(f"unknown template dtype code {code}")
    payload = body[off + 3:]
    if len(payload) != dim * dtype.itemsize:
        raise TemplateFormatError(f"template declares {dim} values but holds {len(payload)} bytes")
    vec = np.frombuffer(payload, dtype=dtype).astype(np.float32)
    if not np.isfinite(vec).all():
        raise TemplateFormatError("template holds non-finite values")
    template = Template(model_id=model_id, vector=vec)
    require_compatible(template, model_id=expected_model, dim=expected_dim)
    return template


def require_compatible(template: Template, *, model_id: str | None, dim: int | None = None) -> None:
    """Raise :class:`TemplateMismatchError` unless ``template`` comes from ``model_id`` with ``dim`` values."""
    if model_id is not None and template.model_id != model_id:
        raise TemplateMismatchError(f"template was made by model {template.model_id!r}, expected {model_id!r}")
    if dim is not None and template.dim != dim:
        raise TemplateMismatchError(f"template has {template.dim} dimensions, expected {dim}")
