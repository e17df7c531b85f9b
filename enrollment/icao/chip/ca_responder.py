"""The chip's side of Chip Authentication (ICAO 9303 Part 11 §6.2.4, AES: MSE:Set AT + General Authenticate).

Inside secure messaging only. MSE:Set AT selects the CA protocol (and key id) of DG14; General
Authenticate carries the terminal's ephemeral key in DO'80' and is answered ``7C 00`` under the *old*
session keys; the caller then switches to the :class:`SecureMessaging` handed back (SSC 0).
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.errors import ChipAuthenticationError, EncodingError
from enrollment.icao.protocol import chip_auth, general_authenticate
from enrollment.icao.protocol.apdu import SW, CommandApdu, ResponseApdu
from enrollment.icao.protocol.pace_params import CA_ECDH_AES_128
from enrollment.icao.protocol.secure_messaging import SecureMessaging


class CaResponder:
    def __init__(self, key: ec.EllipticCurvePrivateKey, key_id: int | None = None) -> None:
        self._key, self._key_id = key, key_id
        self._armed = False

    def reset(self) -> None:
        self._armed = False

    def set_at(self, data: bytes) -> int:
        self._armed = False
        try:
            setting = general_authenticate.decode_mse_set_at(data)
        except EncodingError:
            return SW.WRONG_DATA
        if setting.protocol != CA_ECDH_AES_128 or setting.reference_id not in (None, self._key_id):
            return SW.WRONG_DATA
        self._armed = True
        return SW.OK

    def general_authenticate(self, command: CommandApdu) -> tuple[ResponseApdu, SecureMessaging | None]:
        if not self._armed:
            return ResponseApdu(b"", SW.CONDITIONS_NOT_SATISFIED), None
        self._armed = False
        try:
            terminal_key = general_authenticate.decode_dynamic_auth(command.data, 0x80)
            keys = chip_auth.chip_agree(self._key, terminal_key)
        except (EncodingError, ChipAuthenticationError):
            return ResponseApdu(b"", SW.WRONG_DATA), None
        return ResponseApdu(general_authenticate.encode_dynamic_auth(), SW.OK), keys.messaging()
