"""Secure messaging with 3DES and the retail MAC (ICAO 9303 Part 11 §9.8), as a pure transform.

:class:`SecureMessaging` wraps and unwraps APDUs and keeps the send sequence counter; it never
transmits. The inspection system uses ``wrap_command``/``unwrap_response``, the chip uses
``unwrap_command``/``wrap_response``. Each call increments the SSC once, as in Appendix D.4.
Only DO'87' (odd INS / DO'85' is not used by the eMRTD read path), DO'97', DO'99' and DO'8E' are handled.
"""

from __future__ import annotations

import hmac

from enrollment.icao.errors import SecureMessagingError, TlvError
from enrollment.icao.lds import tlv
from enrollment.icao.protocol import des
from enrollment.icao.protocol.apdu import CommandApdu, ResponseApdu

SM_CLA = 0x0C


def _encode_ne(ne: int) -> bytes:
    return bytes([ne % 256]) if ne <= 256 else (ne % 65536).to_bytes(2, "big")


def _decode_ne(value: bytes) -> int:
    if len(value) == 1:
        return value[0] or 256
    if len(value) == 2:
        return int.from_bytes(value, "big") or 65536
    raise SecureMessagingError(f"DO'97' of {len(value)} bytes")


def _split(data: bytes, allowed: tuple[int, ...]) -> dict[int, bytes]:
    """TLVs of an SM body in the order given by ``allowed``, each at most once; DO'8E' must come last."""
    try:
        items = tlv.decode_all(data)
    except TlvError as exc:
        raise SecureMessagingError(f"malformed secure-messaging data: {exc}") from exc
    order = [item.tag for item in items]
    if order != [t for t in allowed if t in order] or not order or order[-1] != 0x8E:
        raise SecureMessagingError(f"unexpected secure-messaging objects {[f'{t:X}' for t in order]}")
    return {item.tag: item.value for item in items}


class SecureMessaging:
    """Session keys and the send sequence counter of one BAC session (3DES); see :mod:`.aes_sm` for AES."""

    SSC_BYTES = 8

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: int) -> None:
        self._ks_enc, self._ks_mac, self._ssc = ks_enc, ks_mac, ssc

    @property
    def ssc(self) -> int:
        return self._ssc

    def _next_ssc(self) -> bytes:
        self._ssc = (self._ssc + 1) % (1 << (8 * self.SSC_BYTES))
        return self._ssc.to_bytes(self.SSC_BYTES, "big")

    def _pad(self, data: bytes) -> bytes:
        return des.pad(data)

    def _mac(self, ssc: bytes, message: bytes) -> bytes:
        return des.retail_mac(self._ks_mac, des.pad(ssc + message))

    def _do87(self, data: bytes) -> bytes:
        return tlv.encode(0x87, b"\x01" + des.encrypt(self._ks_enc, des.pad(data))) if data else b""

    def _open87(self, value: bytes | None) -> bytes:
        if value is None:
            return b""
        if len(value) < 9 or value[0] != 0x01:
            raise SecureMessagingError("DO'87' without padding-indicator 01 or ciphertext")
        return des.unpad(des.decrypt(self._ks_enc, value[1:]))

    def _check(self, ssc: bytes, message: bytes, received: bytes) -> None:
        if not hmac.compare_digest(self._mac(ssc, message), received):
            raise SecureMessagingError("secure-messaging checksum (DO'8E') does not verify")

    # --- inspection system side -------------------------------------------------------------
    def wrap_command(self, command: CommandApdu) -> CommandApdu:
        ssc = self._next_ssc()
        header = self._pad(bytes([command.cla | SM_CLA, command.ins, command.p1, command.p2]))
        body = self._do87(command.data)
        body += tlv.encode(0x97, _encode_ne(command.ne)) if command.ne else b""
        body += tlv.encode(0x8E, self._mac(ssc, header + body))
        extended = command.ne > 256 or len(body) > 255
        return CommandApdu(command.cla | SM_CLA, command.ins, command.p1, command.p2, body,
                           65536 if extended else 256)

    def unwrap_response(self, response: ResponseApdu) -> ResponseApdu:
        ssc = self._next_ssc()
        if not response.data and response.sw != 0x9000:
            return response  # unprotected error status (e.g. 6987/6988): carries no data, grants nothing
        objects = _split(response.data, (0x87, 0x99, 0x8E))
        if 0x99 not in objects or len(objects[0x99]) != 2:
            raise SecureMessagingError("protected response lacks DO'99' status")
        covered = response.data[: len(response.data) - 10]
        self._check(ssc, covered, objects[0x8E])
        protected_sw = int.from_bytes(objects[0x99], "big")
        if protected_sw != response.sw:  # the outer status word is unauthenticated: demand agreement
            raise SecureMessagingError(f"status word {response.sw:04X} differs from DO'99' {protected_sw:04X}")
        return ResponseApdu(self._open87(objects.get(0x87)), protected_sw)

    # --- chip side --------------------------------------------------------------------------
    def unwrap_command(self, command: CommandApdu) -> CommandApdu:
        ssc = self._next_ssc()
        if command.cla & SM_CLA != SM_CLA:
            raise SecureMessagingError("command is not protected")
        objects = _split(command.data, (0x87, 0x97, 0x8E))
        header = self._pad(bytes([command.cla, command.ins, command.p1, command.p2]))
        covered = command.data[: len(command.data) - 10]
        if len(objects[0x8E]) != 8:
            raise SecureMessagingError("DO'8E' must hold 8 bytes")
        self._check(ssc, header + covered, objects[0x8E])
        ne = _decode_ne(objects[0x97]) if 0x97 in objects else 0
        return CommandApdu(command.cla & ~SM_CLA & 0xFF, command.ins, command.p1, command.p2,
                           self._open87(objects.get(0x87)), ne)

    def wrap_response(self, response: ResponseApdu) -> ResponseApdu:
        ssc = self._next_ssc()
        body = self._do87(response.data) + tlv.encode(0x99, response.sw.to_bytes(2, "big"))
        return ResponseApdu(body + tlv.encode(0x8E, self._mac(ssc, body)), response.sw)
