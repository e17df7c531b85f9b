"""PACE from the inspection system's side: EF.CardAccess, MSE:Set AT and the General Authenticate chain.

APDUs go through :class:`ChipSession` (the only caller of ``transmit``); the cryptography is
:mod:`enrollment.icao.protocol.pace`. On success the session continues under AES secure messaging.
Every failure raises :class:`PaceError` naming PACE; a chip that refuses the terminal's token (6300)
means a wrong CAN or MRZ.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from enrollment.icao.errors import AccessDeniedError, CardError, EncodingError, PaceError, SecureMessagingError
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.lds import registry
from enrollment.icao.lds.card_access import PaceInfo
from enrollment.icao.protocol import ec_points, general_authenticate, pace
from enrollment.icao.protocol.apdu import SW, CommandApdu
from enrollment.icao.protocol.general_authenticate import MseSetAt
from enrollment.icao.protocol.pace import PacePassword
from enrollment.icao.protocol.pace_params import DOMAIN_PARAMETERS, MSE_SET_AT_PACE

_CHAINING = 0x10


@dataclass(frozen=True)
class PaceOutcome:
    protocol: str
    parameters: str  # domain parameters' name
    password: str  # "CAN" or "MRZ"

    @property
    def detail(self) -> str:
        return f"ECDH-GM-AES-128 on {self.parameters} with the {self.password}"


def read_card_access(session: ChipSession) -> bytes | None:
    """EF.CardAccess selected directly by its file identifier; None when the chip has none (6A82)."""
    try:
        return session.read_file(registry.CARD_ACCESS.fid)
    except CardError as exc:
        if exc.sw in (SW.FILE_NOT_FOUND, SW.INS_NOT_SUPPORTED, SW.WRONG_P1P2):
            return None
        raise


def _exchange(session: ChipSession, sent: tuple[int, bytes] | None, answer_tag: int, last: bool = False) -> bytes:
    data = general_authenticate.encode_dynamic_auth(*sent) if sent else general_authenticate.encode_dynamic_auth()
    command = CommandApdu(0x00 if last else _CHAINING, 0x86, 0x00, 0x00, data, ne=256)
    return general_authenticate.decode_dynamic_auth(session.send(command).data, answer_tag)


def perform_pace(session: ChipSession, info: PaceInfo, password: PacePassword,
                 rng: Callable[[int], bytes]) -> PaceOutcome:
    """Run PACE as offered by ``info``; afterwards ``session`` speaks AES secure messaging."""
    if not info.supported or info.parameter_id is None:
        raise PaceError(f"PACE protocol {info.protocol} (parameters {info.parameter_id}) is not supported")
    params = DOMAIN_PARAMETERS[info.parameter_id]
    setting = MseSetAt(info.protocol, password.reference, info.parameter_id)
    try:
        session.send(CommandApdu(0x00, 0x22, *MSE_SET_AT_PACE, general_authenticate.encode_mse_set_at(setting)))
        nonce = pace.decrypt_nonce(pace.password_key(password), _exchange(session, None, 0x80))
        mapping = pace.mapping_key(params, rng)
        chip_mapping = _exchange(session, (0x81, mapping.public), 0x82)
        private = ec_points.random_scalar(params, rng)
        agreement = pace.agreement_key(params, nonce, mapping, chip_mapping, private)
        chip_key = _exchange(session, (0x83, agreement.public), 0x84)
        keys = pace.agree(params, agreement, chip_key, chip_mapping)
        chip_token = _exchange(session, (0x85, pace.token(keys, info.protocol, chip_key)), 0x86, last=True)
        pace.verify_token(keys, info.protocol, agreement.public, chip_token)
    except AccessDeniedError as exc:
        raise PaceError(f"PACE refused by the chip (wrong {password.name}?): {exc}") from exc
    except (CardError, EncodingError, SecureMessagingError) as exc:
        raise PaceError(f"PACE failed: {exc}") from exc
    session.start_secure_messaging(keys.messaging())
    return PaceOutcome(info.protocol, params.name, password.name)
