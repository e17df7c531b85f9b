"""The virtual eMRTD chip: ``transmit(apdu) -> response`` over a :class:`CardImage`.

A mock only in that no silicon exists: commands are decoded from bytes, BAC runs the real 3DES
protocol, every file access after BAC goes through secure messaging, and the Active Authentication
key never leaves the chip. Supported: SELECT (eMRTD AID by name, EF by identifier), READ BINARY
(offset or short file identifier; short and extended Le), GET CHALLENGE, EXTERNAL AUTHENTICATE (BAC
before secure messaging, the simplified terminal authentication of
:mod:`enrollment.icao.protocol.terminal_auth` inside it), INTERNAL AUTHENTICATE (AA), and, when
personalised for them (:mod:`enrollment.icao.chip.protocols`), MSE:Set AT + GENERAL AUTHENTICATE for
PACE (plain, chained with CLA 10) and Chip Authentication (inside secure messaging).

Access conditions: EF.CardAccess is always readable; other EFs need BAC or PACE (else 6982); files in
``eac_protected`` (DG3) also need terminal authentication (else 6982). A plain command or a bad MAC
during secure messaging ends the session. The ``cccd`` profile answers SELECT of the master file 6D00.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.card_file import CardImage
from enrollment.icao.chip.protocols import CCCD, chip_protocols
from enrollment.icao.errors import ApduError, AuthenticationError, IcaoError, SecureMessagingError
from enrollment.icao.lds import registry
from enrollment.icao.lds.dg1 import decode_dg1
from enrollment.icao.lds.mrz import mrz_information
from enrollment.icao.pki.keys import load_private_pem, load_public_pem
from enrollment.icao.protocol import active_auth, bac, terminal_auth
from enrollment.icao.protocol.apdu import SW, CommandApdu, ResponseApdu, decode_command, status
from enrollment.icao.protocol.secure_messaging import SM_CLA, SecureMessaging

_CHAINING = 0x10
_CHAINING_NOT_SUPPORTED = 0x6884


def _sw(code: int) -> ResponseApdu:
    return ResponseApdu(b"", code)


class VirtualCard:
    """One chip in the field of a reader; satisfies the inspection side's ``CardTransport``."""

    def __init__(self, image: CardImage, rng: Callable[[int], bytes] = os.urandom) -> None:
        self._files = dict(image.files)
        self._aa_key = load_private_pem(image.aa_private_key_pem)
        mrz = decode_dg1(self._files[registry.dg(1).fid])
        self._id = mrz.document_number
        access = image.access_key.encode("ascii") if image.access_key else None
        info = access or mrz_information(mrz.document_number, mrz.birth_date, mrz.expiry_date)
        self._bac_keys = bac.bac_keys(info)
        self._eac = image.eac_protected
        authority = load_public_pem(image.terminal_authority_pem) if image.terminal_authority_pem else None
        self._authority = authority if isinstance(authority, ec.EllipticCurvePublicKey) else None
        self._rng = rng
        self._protocols = chip_protocols(image, info, rng)
        self._cccd = image.profile == CCCD
        self.reset()

    def reset(self) -> None:
        """Power cycle: forget the selection, challenge and any session."""
        self._app = False
        self._current: int | None = None
        self._challenge: bytes | None = None
        self._sm: SecureMessaging | None = None
        self._next_sm: SecureMessaging | None = None  # after Chip Authentication: used from the next command
        self._terminal_ok = False
        self._protocols.reset()

    def _end_session(self) -> None:
        """A session's rights (and its file selection) end with it: a new session starts from nothing."""
        self._sm, self._terminal_ok, self._challenge, self._current = None, False, None, None
        self._next_sm = None

    def transmit(self, apdu: bytes) -> bytes:
        try:
            command = decode_command(bytes(apdu))
        except ApduError:
            return status(SW.WRONG_LENGTH)
        if command.cla & SM_CLA == SM_CLA and command.cla & 0xE0 == 0:
            return self._protected(command)
        if command.cla not in (0x00, _CHAINING):
            return status(SW.CLA_NOT_SUPPORTED)
        if self._sm is not None:
            self._end_session()
        return self._dispatch(command, protected=False).encode()

    def _protected(self, command: CommandApdu) -> bytes:
        if self._sm is None:
            return status(SW.SM_DATA_MISSING)
        try:
            inner = self._sm.unwrap_command(command)
        except (SecureMessagingError, ApduError):
            self._end_session()
            return status(SW.SM_DATA_INCORRECT)
        response = self._dispatch(inner, protected=True)
        wire = self._sm.wrap_response(response).encode() if self._sm else response.encode()
        if self._next_sm is not None:
            self._sm, self._next_sm = self._next_sm, None
        return wire

    def _dispatch(self, command: CommandApdu, protected: bool) -> ResponseApdu:
        if command.cla & _CHAINING and command.ins != 0x86:
            return _sw(_CHAINING_NOT_SUPPORTED)
        handlers = {0xA4: self._select, 0xB0: self._read_binary, 0x84: self._get_challenge,
                    0x82: self._external_authenticate, 0x88: self._internal_authenticate,
                    0x22: self._manage_security_environment, 0x86: self._general_authenticate}
        handler = handlers.get(command.ins)
        return handler(command, protected) if handler else _sw(SW.INS_NOT_SUPPORTED)

    def _access(self, fid: int, protected: bool) -> int:
        if fid == registry.CARD_ACCESS.fid and fid in self._files:
            return SW.OK
        if not self._app or fid not in self._files:
            return SW.FILE_NOT_FOUND
        if not protected or (fid in self._eac and not self._terminal_ok):
            return SW.SECURITY_NOT_SATISFIED
        return SW.OK

    def _select(self, command: CommandApdu, protected: bool) -> ResponseApdu:
        if command.p1 == 0x04:
            if command.data != registry.EMRTD_AID:
                return _sw(SW.FILE_NOT_FOUND)
            self._app, self._current = True, None
            return _sw(SW.OK)
        if self._cccd and command.p1 == 0x00 and command.data in (b"", b"\x3f\x00"):
            return _sw(SW.INS_NOT_SUPPORTED)  # the Vietnamese CCCD refuses SELECT MF this way
        if command.p1 not in (0x00, 0x02) or command.p2 not in (0x00, 0x0C):
            return _sw(SW.WRONG_P1P2)
        if len(command.data) != 2:
            return _sw(SW.WRONG_LENGTH)
        fid = int.from_bytes(command.data, "big")
        code = self._access(fid, protected)
        if code == SW.OK:
            self._current = fid
        return _sw(code)

    def _read_binary(self, command: CommandApdu, protected: bool) -> ResponseApdu:
        if command.p1 & 0x80:
            spec = registry.by_sfi(command.p1 & 0x1F)
            if command.p1 & 0x60 or spec is None:
                return _sw(SW.WRONG_P1P2)
            code = self._access(spec.fid, protected)
            if code != SW.OK:
                return _sw(code)
            self._current, offset = spec.fid, command.p2
        else:
            offset = (command.p1 << 8) | command.p2
        if self._current is None:
            return _sw(SW.NO_CURRENT_EF)
        code = self._access(self._current, protected)  # re-checked at every read, not only at SELECT
        if code != SW.OK:
            return _sw(code)
        if command.ne == 0:
            return _sw(SW.WRONG_LENGTH)
        content = self._files[self._current]
        if offset > len(content):
            return _sw(SW.WRONG_OFFSET)
        chunk = content[offset : offset + command.ne]
        return ResponseApdu(chunk, SW.OK if len(chunk) == command.ne else SW.END_OF_FILE)

    def _get_challenge(self, command: CommandApdu, protected: bool) -> ResponseApdu:
        if command.p1 or command.p2:
            return _sw(SW.WRONG_P1P2)
        if command.ne != bac.CHALLENGE_LENGTH or command.data:
            return _sw(SW.WRONG_LENGTH)
        self._challenge = self._rng(bac.CHALLENGE_LENGTH)
        return ResponseApdu(self._challenge, SW.OK)

    def _external_authenticate(self, command: CommandApdu, protected: bool) -> ResponseApdu:
        challenge, self._challenge = self._challenge, None
        if challenge is None:
            return _sw(SW.CONDITIONS_NOT_SATISFIED)
        if protected:
            return self._terminal_authenticate(command.data, challenge)
        if len(command.data) != bac.AUTH_DATA_LENGTH:
            return _sw(SW.WRONG_LENGTH)
        try:
            answer, session = bac.chip_respond(self._bac_keys, challenge, command.data, self._rng(16))
        except AuthenticationError:
            return _sw(SW.AUTH_FAILED)
        self._sm, self._terminal_ok = session.messaging(), False
        return ResponseApdu(answer, SW.OK)

    def _terminal_authenticate(self, signature: bytes, challenge: bytes) -> ResponseApdu:
        if self._authority is None:
            return _sw(SW.SECURITY_NOT_SATISFIED)
        if not terminal_auth.verify(self._authority, self._id, challenge, signature):
            return _sw(SW.AUTH_FAILED)
        self._terminal_ok = True
        return _sw(SW.OK)

    def _internal_authenticate(self, command: CommandApdu, protected: bool) -> ResponseApdu:
        if not protected:
            return _sw(SW.SECURITY_NOT_SATISFIED)
        if command.p1 or command.p2:
            return _sw(SW.WRONG_P1P2)
        if len(command.data) != active_auth.CHALLENGE_LENGTH:
            return _sw(SW.WRONG_LENGTH)
        try:
            return ResponseApdu(active_auth.sign(self._aa_key, command.data, self._rng), SW.OK)
        except IcaoError:  # pragma: no cover - signing with a loaded key does not fail
            return _sw(SW.CONDITIONS_NOT_SATISFIED)

    def _manage_security_environment(self, command: CommandApdu, protected: bool) -> ResponseApdu:
        pace, ca = self._protocols.pace, self._protocols.ca
        if (command.p1, command.p2) == (0xC1, 0xA4) and pace is not None and not protected:
            return _sw(pace.set_at(command.data))
        if (command.p1, command.p2) == (0x41, 0xA4) and ca is not None and protected:
            return _sw(ca.set_at(command.data))
        return _sw(SW.WRONG_P1P2)

    def _general_authenticate(self, command: CommandApdu, protected: bool) -> ResponseApdu:
        responder = self._protocols.ca if protected else self._protocols.pace
        if command.p1 or command.p2 or responder is None:
            return _sw(SW.WRONG_P1P2)
        response, messaging = responder.general_authenticate(command)
        if messaging is not None and protected:
            self._next_sm = messaging  # the answer still goes out under the old keys
        elif messaging is not None:
            self._sm, self._terminal_ok, self._current = messaging, False, None
        return response
