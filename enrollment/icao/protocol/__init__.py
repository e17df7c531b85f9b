"""Chip protocols (ICAO 9303-11), pure: each protocol module holds its cryptographic steps and returns
frozen results — ``bac`` and ``pace`` (access control), ``chip_auth`` and ``active_auth`` (clone checks),
``terminal_auth`` (the simplified EAC guarding DG3/DG4) — over the APDU codec and secure messaging as a
wrap/unwrap transform (3DES and AES). Nothing here transmits: the senders in
:mod:`enrollment.icao.inspection` do."""

from enrollment.icao.protocol import active_auth, bac, chip_auth, pace, terminal_auth
from enrollment.icao.protocol.aes_sm import AesSecureMessaging
from enrollment.icao.protocol.apdu import SW, CommandApdu, ResponseApdu, decode_command, decode_response
from enrollment.icao.protocol.general_authenticate import MseSetAt, decode_dynamic_auth, encode_dynamic_auth
from enrollment.icao.protocol.secure_messaging import SecureMessaging

__all__ = [
    "SW",
    "AesSecureMessaging",
    "CommandApdu",
    "MseSetAt",
    "ResponseApdu",
    "SecureMessaging",
    "active_auth",
    "bac",
    "chip_auth",
    "decode_command",
    "decode_dynamic_auth",
    "decode_response",
    "encode_dynamic_auth",
    "pace",
    "terminal_auth",
]
