"""Bytes form of an :class:`IrisCode` for storage: a small header, then the code and the mask.

    b"EIC1" | u16 columns | u8 bytes per column | u8 model id length | model id | code | mask | u32 CRC-32

Decoding checks every length and the checksum; a code of the wrong size for its header is refused.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

from matcher.iris.errors import IrisTemplateError
from matcher.iris.types import IrisCode

MAGIC = b"EIC1"
_HEAD = struct.Struct(">4sHBB")


def encode_code(code: IrisCode) -> bytes:
    model = code.model_id.encode("ascii")
    body = _HEAD.pack(MAGIC, code.columns, code.bytes_per_column, len(model)) + model
    body += code.code.tobytes() + code.mask.tobytes()
    return body + struct.pack(">I", zlib.crc32(body))


def decode_code(data: bytes) -> IrisCode:
    if len(data) < _HEAD.size + 4:
        raise IrisTemplateError(f"iris code of {len(data)} bytes is too short", stage="template")
    magic, columns, per_column, model_len = _HEAD.unpack_from(data)
    if magic != MAGIC:
        raise IrisTemplateError(f"not an iris code (magic {magic!r})", stage="template")
    size = columns * per_column
    if columns == 0 or per_column == 0 or len(data) != _HEAD.size + model_len + 2 * size + 4:
        raise IrisTemplateError("iris code length does not match its header", stage="template")
    if zlib.crc32(data[:-4]) != struct.unpack(">I", data[-4:])[0]:
        raise IrisTemplateError("iris code checksum mismatch", stage="template")
    start = _HEAD.size + model_len
    try:
        model = data[_HEAD.size:start].decode("ascii")
    except UnicodeDecodeError as exc:
        raise IrisTemplateError("iris code model id is not ASCII", stage="template") from exc
    code = np.frombuffer(data, np.uint8, size, start).copy()
    mask = np.frombuffer(data, np.uint8, size, start + size).copy()
    return IrisCode(code=code, mask=mask, columns=columns, bytes_per_column=per_column, model_id=model)
