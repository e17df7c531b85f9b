"""Secure messaging with AES (ICAO 9303 Part 11 §9.8 with §9.8.6.2 / §9.8.7.3), after PACE or Chip Authentication.

Same data objects and the same pure wrap/unwrap transform as the 3DES :class:`SecureMessaging`; what
changes is the cipher suite:

* SSC of 16 bytes, starting at 0 after the key agreement;
* DO'87' is AES-CBC with ``IV = E(KS_enc, SSC)`` over data padded to 16-byte blocks;
* the MAC is AES-CMAC over ``SSC ‖ padded header ‖ DOs``, that input padded to 16 bytes, truncated to 8.
"""

from __future__ import annotations

from enrollment.icao.errors import SecureMessagingError
from enrollment.icao.lds import tlv
from enrollment.icao.protocol import aes
from enrollment.icao.protocol.secure_messaging import SecureMessaging


class AesSecureMessaging(SecureMessaging):
    SSC_BYTES = 16

    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: int = 0) -> None:
        if len(ks_enc) not in (16, 24, 32) or len(ks_mac) != len(ks_enc):
            raise SecureMessagingError(f"AES session keys of {len(ks_enc)}/{len(ks_mac)} bytes")
        super().__init__(ks_enc, ks_mac, ssc)

    def _pad(self, data: bytes) -> bytes:
        return aes.pad(data)

    def _iv(self) -> bytes:
        return aes.encrypt_block(self._ks_enc, self._ssc.to_bytes(self.SSC_BYTES, "big"))

    def _mac(self, ssc: bytes, message: bytes) -> bytes:
        return aes.cmac8(self._ks_mac, aes.pad(ssc + message))

    def _do87(self, data: bytes) -> bytes:
        if not data:
            return b""
        return tlv.encode(0x87, b"\x01" + aes.encrypt(self._ks_enc, aes.pad(data), self._iv()))

    def _open87(self, value: bytes | None) -> bytes:
        if value is None:
            return b""
        if len(value) < 1 + aes.BLOCK or value[0] != 0x01:
            raise SecureMessagingError("DO'87' without padding-indicator 01 or ciphertext")
        return aes.unpad(aes.decrypt(self._ks_enc, value[1:], self._iv()))
