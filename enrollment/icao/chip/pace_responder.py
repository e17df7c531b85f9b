"""The chip's side of PACE: MSE:Set AT, then four General Authenticate steps (ICAO 9303 Part 11 §4.4.4).

A state machine over :mod:`enrollment.icao.protocol.pace`. Each step answers a :class:`ResponseApdu`; the
last one, after the terminal's token verified, also hands back the new AES :class:`SecureMessaging`.
Any error resets PACE to the start (the terminal has to send MSE:Set AT again); a wrong token answers
6300 like a wrong BAC key. The chip's nonce and ephemeral keys come from ``rng``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from enrollment.icao.errors import EncodingError, PaceError
from enrollment.icao.lds.card_access import PaceInfo
from enrollment.icao.protocol import ec_points, general_authenticate, pace
from enrollment.icao.protocol.apdu import SW, CommandApdu, ResponseApdu
from enrollment.icao.protocol.pace import EphemeralKey, PacePassword, SessionKeys
from enrollment.icao.protocol.pace_params import DOMAIN_PARAMETERS, NONCE_LENGTH, DomainParameters
from enrollment.icao.protocol.secure_messaging import SecureMessaging

_NONCE, _MAP, _AGREE, _TOKEN = 0x80, 0x82, 0x84, 0x86  # the chip's data objects, one per step


@dataclass
class _Run:
    info: PaceInfo
    params: DomainParameters
    k_pi: bytes
    step: int = 0
    nonce: bytes = b""
    mapping: EphemeralKey | None = None
    peer_mapping: bytes = b""
    agreement: EphemeralKey | None = None
    peer_agreement: bytes = b""
    keys: SessionKeys | None = None


def _sw(code: int) -> tuple[ResponseApdu, None]:
    return ResponseApdu(b"", code), None


class PaceResponder:
    def __init__(self, offered: tuple[PaceInfo, ...], passwords: dict[int, PacePassword],
                 rng: Callable[[int], bytes]) -> None:
        self._offered = tuple(info for info in offered if info.supported)
        self._passwords = passwords
        self._rng = rng
        self._run: _Run | None = None

    def reset(self) -> None:
        self._run = None

    def set_at(self, data: bytes) -> int:
        """MSE:Set AT: choose protocol, password and domain parameters; returns the status word."""
        self._run = None
        try:
            setting = general_authenticate.decode_mse_set_at(data)
        except EncodingError:
            return SW.WRONG_DATA
        info = next((i for i in self._offered if i.protocol == setting.protocol
                     and setting.reference_id in (None, i.parameter_id)), None)
        password = self._passwords.get(setting.password_reference or 0)
        if info is None or info.parameter_id is None or password is None:
            return SW.WRONG_DATA  # 6A80: protocol, parameters or password reference not supported
        self._run = _Run(info, DOMAIN_PARAMETERS[info.parameter_id], pace.password_key(password))
        return SW.OK

    def general_authenticate(self, command: CommandApdu) -> tuple[ResponseApdu, SecureMessaging | None]:
        run = self._run
        if run is None:
            return _sw(SW.CONDITIONS_NOT_SATISFIED)
        try:
            return self._step(run, command.data)
        except (EncodingError, PaceError):
            self._run = None
            return _sw(SW.AUTH_FAILED if run.step == 3 else SW.WRONG_DATA)

    def _step(self, run: _Run, data: bytes) -> tuple[ResponseApdu, SecureMessaging | None]:
        expected = (None, 0x81, 0x83, 0x85)[run.step]
        value = general_authenticate.decode_dynamic_auth(data, expected)
        if run.step == 0:
            run.nonce = self._rng(NONCE_LENGTH)
            answer = (_NONCE, pace.encrypt_nonce(run.k_pi, run.nonce))
        elif run.step == 1:
            run.mapping, run.peer_mapping = pace.mapping_key(run.params, self._rng), value
            private = ec_points.random_scalar(run.params, self._rng)
            run.agreement = pace.agreement_key(run.params, run.nonce, run.mapping, value, private)
            answer = (_MAP, run.mapping.public)
        elif run.step == 2:
            assert run.agreement is not None
            run.keys = pace.agree(run.params, run.agreement, value, run.peer_mapping)
            run.peer_agreement = value
            answer = (_AGREE, run.agreement.public)
        else:
            assert run.keys is not None and run.agreement is not None
            pace.verify_token(run.keys, run.info.protocol, run.agreement.public, value)
            self._run = None
            reply = general_authenticate.encode_dynamic_auth(
                _TOKEN, pace.token(run.keys, run.info.protocol, run.peer_agreement))
            return ResponseApdu(reply, SW.OK), run.keys.messaging()
        run.step += 1
        return ResponseApdu(general_authenticate.encode_dynamic_auth(*answer), SW.OK), None
