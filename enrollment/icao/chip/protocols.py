"""The chip's PACE and Chip Authentication responders, set up from a :class:`CardImage`.

PACE is offered when the image holds EF.CardAccess with a supported PACEInfo; the passwords are the MRZ
information the chip stores (never DG1) and, when personalised, the CAN. Chip Authentication is offered
when the image holds a CA private key (whose public key DG14 carries).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.card_file import CardImage
from enrollment.icao.chip.ca_responder import CaResponder
from enrollment.icao.chip.pace_responder import PaceResponder
from enrollment.icao.errors import PkiError
from enrollment.icao.lds import registry
from enrollment.icao.lds.card_access import decode_card_access
from enrollment.icao.pki.keys import load_private_pem
from enrollment.icao.protocol import pace
from enrollment.icao.protocol.pace_params import PASSWORD_CAN, PASSWORD_MRZ

CCCD = "cccd"
PASSPORT = "passport"
PROFILES = (CCCD, PASSPORT)


@dataclass(frozen=True)
class ChipProtocols:
    pace: PaceResponder | None
    ca: CaResponder | None

    def reset(self) -> None:
        for responder in (self.pace, self.ca):
            if responder is not None:
                responder.reset()


def chip_protocols(image: CardImage, mrz_information: bytes, rng: Callable[[int], bytes]) -> ChipProtocols:
    responder = None
    card_access = image.files.get(registry.CARD_ACCESS.fid)
    if card_access is not None:
        passwords = {PASSWORD_MRZ: pace.mrz_password(mrz_information)}
        if image.can:
            passwords[PASSWORD_CAN] = pace.can_password(image.can)
        responder = PaceResponder(decode_card_access(card_access).pace, passwords, rng)
    ca = None
    if image.ca_private_key_pem:
        key = load_private_pem(image.ca_private_key_pem)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise PkiError("the Chip Authentication key must be an EC key")
        ca = CaResponder(key)
    return ChipProtocols(responder, ca)
