"""ISO/IEC 7816-4 command and response APDUs: encoding and strict decoding.

All four cases, short and extended lengths. Decoding rejects every byte string that is not exactly one
well-formed command (wrong Lc, trailing bytes, mixed short/extended forms); the card turns that
:class:`ApduError` into status word 6700.
"""

from __future__ import annotations

from dataclasses import dataclass

from enrollment.icao.errors import ApduError


class SW:
    """Status words used by the eMRTD application."""

    OK = 0x9000
    END_OF_FILE = 0x6282
    AUTH_FAILED = 0x6300
    WRONG_LENGTH = 0x6700
    SECURITY_NOT_SATISFIED = 0x6982
    CONDITIONS_NOT_SATISFIED = 0x6985
    NO_CURRENT_EF = 0x6986
    SM_DATA_MISSING = 0x6987
    SM_DATA_INCORRECT = 0x6988
    WRONG_DATA = 0x6A80
    FILE_NOT_FOUND = 0x6A82
    WRONG_P1P2 = 0x6A86
    WRONG_OFFSET = 0x6B00
    INS_NOT_SUPPORTED = 0x6D00
    CLA_NOT_SUPPORTED = 0x6E00


@dataclass(frozen=True)
class CommandApdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    ne: int = 0  # expected response length; 0 = no Le field; 256/65536 = "as much as possible"

    def __post_init__(self) -> None:
        for name in ("cla", "ins", "p1", "p2"):
            if not 0 <= getattr(self, name) <= 0xFF:
                raise ApduError(f"{name} out of range")
        if len(self.data) > 65535:
            raise ApduError(f"command data of {len(self.data)} bytes exceeds 65535")
        if not 0 <= self.ne <= 65536:
            raise ApduError(f"Ne {self.ne} out of range")

    @property
    def extended(self) -> bool:
        return len(self.data) > 255 or self.ne > 256

    def encode(self) -> bytes:
        header = bytes([self.cla, self.ins, self.p1, self.p2])
        if not self.extended:
            lc = bytes([len(self.data)]) + self.data if self.data else b""
            le = bytes([self.ne % 256]) if self.ne else b""
            return header + lc + le
        lc = b"\x00" + len(self.data).to_bytes(2, "big") + self.data if self.data else b""
        le = (self.ne % 65536).to_bytes(2, "big") if self.ne else b""
        if le and not lc:
            le = b"\x00" + le
        return header + lc + le


def decode_command(raw: bytes) -> CommandApdu:
    """Parse a command APDU (cases 1-4, short or extended); anything else raises :class:`ApduError`."""
    if len(raw) < 4:
        raise ApduError(f"command APDU of {len(raw)} bytes (at least 4)")
    cla, ins, p1, p2 = raw[:4]
    body = raw[4:]
    if not body:
        return CommandApdu(cla, ins, p1, p2)
    if len(body) == 1:
        return CommandApdu(cla, ins, p1, p2, ne=body[0] or 256)
    if body[0] != 0:
        lc = body[0]
        if len(body) == 1 + lc:
            return CommandApdu(cla, ins, p1, p2, body[1:])
        if len(body) == 2 + lc:
            return CommandApdu(cla, ins, p1, p2, body[1 : 1 + lc], body[-1] or 256)
        raise ApduError(f"short Lc {lc} does not match {len(body) - 1} following bytes")
    if len(body) < 3:
        raise ApduError("malformed extended length")
    if len(body) == 3:
        return CommandApdu(cla, ins, p1, p2, ne=int.from_bytes(body[1:3], "big") or 65536)
    lc = int.from_bytes(body[1:3], "big")
    if lc == 0:
        raise ApduError("extended Lc of zero")
    if len(body) == 3 + lc:
        return CommandApdu(cla, ins, p1, p2, body[3:])
    if len(body) == 5 + lc:
        return CommandApdu(cla, ins, p1, p2, body[3 : 3 + lc], int.from_bytes(body[-2:], "big") or 65536)
    raise ApduError(f"extended Lc {lc} does not match {len(body) - 3} following bytes")


@dataclass(frozen=True)
class ResponseApdu:
    data: bytes
    sw: int

    def encode(self) -> bytes:
        return self.data + self.sw.to_bytes(2, "big")


def decode_response(raw: bytes) -> ResponseApdu:
    if len(raw) < 2:
        raise ApduError(f"response APDU of {len(raw)} bytes (status word missing)")
    return ResponseApdu(bytes(raw[:-2]), int.from_bytes(raw[-2:], "big"))


def status(sw: int) -> bytes:
    return sw.to_bytes(2, "big")
