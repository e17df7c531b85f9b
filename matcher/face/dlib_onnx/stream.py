"""Reads dlib's serialization primitives (``dlib/serialize.h``) from bytes.

dlib writes integers in a compact form: one control byte (low nibble: number of value bytes, bit 7:
negative) followed by the magnitude, little-endian. Floats are a (mantissa int64, exponent int16) pair of
such integers, ``value = mantissa · 2**exponent``. Booleans are the characters ``'1'``/``'0'``; strings
are a length and the raw bytes. Tensors (version 2) carry four dimensions and then raw little-endian
float32 values; alias tensors (version 1) carry only the four dimensions.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from matcher.errors import ModelError

_STAGE = "dlib-reader"
_FLOAT_SPECIAL = {32000: math.inf, 32001: -math.inf, 32002: math.nan}


class DlibStream:
    """A cursor over a dlib-serialized byte string; every read raises :class:`ModelError` on bad data."""

    def __init__(self, data: bytes) -> None:
        self._data = memoryview(data)
        self.pos = 0

    @property
    def remaining(self) -> int:
        return len(self._data) - self.pos

    def _take(self, n: int) -> memoryview:
        if n < 0 or self.pos + n > len(self._data):
            raise ModelError(f"dlib stream truncated at byte {self.pos} (wanted {n} bytes)", stage=_STAGE)
        chunk = self._data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def integer(self) -> int:
        control = self._take(1)[0]
        size = control & 0x0F
        if size > 8 or control & 0x70:
            raise ModelError(f"bad integer control byte {control:#x} at byte {self.pos - 1}", stage=_STAGE)
        value = int.from_bytes(self._take(size), "little")
        return -value if control & 0x80 else value

    def real(self) -> float:
        mantissa = self.integer()
        exponent = self.integer()
        if exponent in _FLOAT_SPECIAL:
            return _FLOAT_SPECIAL[exponent]
        return math.ldexp(mantissa, exponent)

    def flag(self) -> bool:
        ch = bytes(self._take(1))
        if ch not in (b"0", b"1"):
            raise ModelError(f"bad boolean {ch!r} at byte {self.pos - 1}", stage=_STAGE)
        return ch == b"1"

    def text(self) -> str:
        length = self.integer()
        try:
            return bytes(self._take(length)).decode("ascii")
        except UnicodeDecodeError as exc:
            raise ModelError(f"non-ASCII string at byte {self.pos - length}", stage=_STAGE) from exc

    def expect(self, name: str) -> None:
        found = self.text()
        if found != name:
            raise ModelError(f"expected {name!r} in the dlib stream, found {found!r}", stage=_STAGE)

    def tensor(self) -> NDArray[np.float32]:
        """A ``resizable_tensor``: shape (num_samples, k, nr, nc) and its float32 values."""
        version = self.integer()
        if version != 2:
            raise ModelError(f"unsupported dlib tensor version {version}", stage=_STAGE)
        shape = tuple(self.integer() for _ in range(4))
        count = math.prod(shape)
        raw = self._take(4 * count)
        return np.frombuffer(raw, dtype="<f4").astype(np.float32).reshape(shape)

    def alias_tensor(self) -> tuple[int, int, int, int]:
        version = self.integer()
        if version != 1:
            raise ModelError(f"unsupported dlib alias_tensor version {version}", stage=_STAGE)
        n, k, nr, nc = (self.integer() for _ in range(4))
        return n, k, nr, nc
