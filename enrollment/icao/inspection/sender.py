"""The APDU sender: the only inspection-side code that calls ``transmit``.

Commands are built here, wrapped by the pure :class:`SecureMessaging` once BAC succeeded, and
responses are checked for their status word (a non-9000 answer raises :class:`CardError` carrying
it). Files are read with a bounded reader: the TLV header is read first and a length beyond
``MAX_FILE_BYTES`` is refused before anything is allocated.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.errors import AccessDeniedError, ApduError, CardError, EncodingError
from enrollment.icao.inspection.transport import CardTransport
from enrollment.icao.lds import registry, tlv
from enrollment.icao.protocol import bac, terminal_auth
from enrollment.icao.protocol.apdu import SW, CommandApdu, ResponseApdu, decode_response
from enrollment.icao.protocol.secure_messaging import SecureMessaging

MAX_FILE_BYTES = 0x7FFF  # READ BINARY B0 addresses 15-bit offsets; larger files would need B1
_HEADER_PROBE = 8
_SHORT_CHUNK = 0xDF  # fits a protected short response (256 bytes) after DO'87', DO'99', DO'8E'
_EXTENDED_CHUNK = 0x1000
_DENIED = {SW.SECURITY_NOT_SATISFIED, SW.AUTH_FAILED, SW.SM_DATA_INCORRECT, SW.SM_DATA_MISSING}


class ChipSession:
    def __init__(self, transport: CardTransport) -> None:
        self._transport = transport
        self._sm: SecureMessaging | None = None

    def send(self, command: CommandApdu, *, ok: tuple[int, ...] = (SW.OK,)) -> ResponseApdu:
        wire = self._sm.wrap_command(command) if self._sm else command
        response = decode_response(bytes(self._transport.transmit(wire.encode())))
        if self._sm is not None:
            response = self._sm.unwrap_response(response)
        if response.sw not in ok:
            kind = AccessDeniedError if response.sw in _DENIED else CardError
            raise kind(f"{command.ins:02X} command refused", response.sw)
        return response

    def select_application(self) -> None:
        self.send(CommandApdu(0x00, 0xA4, 0x04, 0x0C, registry.EMRTD_AID))

    def get_challenge(self) -> bytes:
        data = self.send(CommandApdu(0x00, 0x84, 0x00, 0x00, ne=8)).data
        if len(data) != 8:
            raise ApduError(f"GET CHALLENGE returned {len(data)} bytes")
        return data

    def basic_access_control(self, mrz_information: bytes, rng: Callable[[int], bytes] = os.urandom) -> None:
        """BAC; on success every later command goes through secure messaging."""
        keys = bac.bac_keys(mrz_information)
        rnd_ic = self.get_challenge()
        rnd_ifd, k_ifd = rng(8), rng(16)
        data = bac.ifd_authenticate(keys, rnd_ic, rnd_ifd, k_ifd)
        answer = self.send(CommandApdu(0x00, 0x82, 0x00, 0x00, data, ne=40)).data
        self._sm = bac.ifd_complete(keys, rnd_ic, rnd_ifd, k_ifd, answer).messaging()

    def start_secure_messaging(self, messaging: SecureMessaging) -> None:
        """Protect every later command with new session keys (after PACE or Chip Authentication)."""
        self._sm = messaging

    def terminal_authenticate(self, key: ec.EllipticCurvePrivateKey, document_number: str) -> None:
        challenge = self.get_challenge()
        signature = terminal_auth.sign(key, document_number, challenge)
        self.send(CommandApdu(0x00, 0x82, 0x00, 0x00, signature))

    def internal_authenticate(self, challenge: bytes) -> bytes:
        return self.send(CommandApdu(0x00, 0x88, 0x00, 0x00, challenge, ne=256)).data

    def _read(self, offset: int, length: int) -> bytes:
        command = CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, ne=length)
        return self.send(command, ok=(SW.OK, SW.END_OF_FILE)).data

    def read_file(self, fid: int) -> bytes:
        """SELECT the EF and read it whole; the declared TLV length is bounded before reading."""
        self.send(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        head = self._read(0, _HEADER_PROBE)
        _tag, length, header = tlv.read_header(head)
        total = header + length
        if total > MAX_FILE_BYTES:
            raise EncodingError(f"EF {fid:04X} claims {total} bytes (limit {MAX_FILE_BYTES})")
        parts, got = [head[:total]], min(len(head), total)
        while got < total:
            remaining = total - got
            chunk = _SHORT_CHUNK if remaining <= _SHORT_CHUNK else min(remaining, _EXTENDED_CHUNK)
            data = self._read(got, chunk)
            if not data:
                raise EncodingError(f"EF {fid:04X} ends at {got} of {total} declared bytes")
            parts.append(data[:remaining])
            got += len(data[:remaining])
        return b"".join(parts)
