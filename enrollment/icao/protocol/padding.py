"""ISO/IEC 9797-1 padding method 2 (0x80 then zeros), the padding of secure messaging and MACs for both
block sizes: 8 bytes (3DES, BAC) and 16 bytes (AES, PACE)."""

from __future__ import annotations

from enrollment.icao.errors import SecureMessagingError


def iso9797_pad(data: bytes, block: int) -> bytes:
    """Append 0x80 then zeros up to a multiple of ``block`` (always at least one byte added)."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % block)


def iso9797_unpad(data: bytes, block: int) -> bytes:
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80 or len(data) - len(stripped) >= block:
        raise SecureMessagingError("invalid ISO 9797-1 method 2 padding")
    return stripped[:-1]
