"""Chip Authentication at inspection (the clone check): read DG14, run CA, restart secure messaging.

Runs when DG14 offers id-CA-ECDH-AES-CBC-CMAC-128 with an EC key; the eMRTD application is then selected
again under the new keys, which only a chip holding the private key of the DG14 key can answer. DG14's
authenticity is Passive Authentication's job (its hash in EF.SOD), so a passed check here and a passed
``data_group_hashes`` together say the chip is genuine. Errors become checks; nothing raises.
"""

from __future__ import annotations

from collections.abc import Callable

from enrollment.icao import checks
from enrollment.icao.checks import Check
from enrollment.icao.errors import CardError, EncodingError, IcaoError
from enrollment.icao.inspection.sender import ChipSession
from enrollment.icao.lds import registry
from enrollment.icao.lds.chip_auth_info import ChipAuthOffer, decode_chip_auth
from enrollment.icao.protocol import chip_auth, general_authenticate
from enrollment.icao.protocol.apdu import SW, CommandApdu
from enrollment.icao.protocol.general_authenticate import MseSetAt
from enrollment.icao.protocol.pace_params import MSE_SET_AT_CA

NAME = "chip_authentication"


def _authenticate(session: ChipSession, offer: ChipAuthOffer, rng: Callable[[int], bytes]) -> None:
    assert offer.public_key is not None
    terminal = chip_auth.terminal_agree(offer.public_key, rng)
    setting = general_authenticate.encode_mse_set_at(MseSetAt(offer.protocol, None, offer.key_id))
    session.send(CommandApdu(0x00, 0x22, *MSE_SET_AT_CA, setting))
    answer = session.send(CommandApdu(0x00, 0x86, 0x00, 0x00,
                                      general_authenticate.encode_dynamic_auth(0x80, terminal.public), ne=256))
    general_authenticate.decode_dynamic_auth(answer.data, None)
    session.start_secure_messaging(terminal.keys.messaging())
    session.select_application()  # the first command under the new keys: a clone cannot answer it


def chip_authenticate(session: ChipSession, rng: Callable[[int], bytes]) -> tuple[Check, bytes | None]:
    """The check and DG14's bytes (None when DG14 could not be read)."""
    try:
        dg14 = session.read_file(registry.dg(14).fid)
    except CardError as exc:
        if exc.sw == SW.FILE_NOT_FOUND:
            return checks.not_performed(NAME, "dg14_absent"), None
        return checks.failed(NAME, "dg14_unreadable", str(exc)), None
    except IcaoError as exc:
        return checks.failed(NAME, "dg14_unreadable", str(exc)), None
    try:
        offers = decode_chip_auth(dg14)
    except EncodingError as exc:
        return checks.failed(NAME, "dg14_malformed", str(exc)), dg14
    offer = next((o for o in offers if o.supported), None)
    if offer is None:
        return checks.not_performed(NAME, "ca_unsupported" if offers else "ca_not_offered"), dg14
    try:
        _authenticate(session, offer, rng)
    except IcaoError as exc:
        return checks.failed(NAME, "ca_failed", f"chip does not hold the DG14 key (clone?): {exc}"), dg14
    assert offer.public_key is not None
    return checks.passed(NAME, f"ECDH-AES-128 on {offer.public_key.curve.name}"), dg14
