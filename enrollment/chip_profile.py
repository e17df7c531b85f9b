"""Chip profiles at personalisation: what besides the LDS a chip carries.

* ``cccd`` (default for TD1, the Vietnamese citizen identity card): EF.CardAccess offering PACE
  (ECDH Generic Mapping, AES-128, brainpoolP256r1 unless told otherwise) with the MRZ or the 6-digit CAN
  printed on the card (the PACEInfo repeated in DG14 against downgrades), Chip Authentication with a key of
  its own in DG14, Active Authentication (DG15),
  BAC kept as a fallback, SELECT of the master file answered 6D00.
* ``passport`` (default for TD3): BAC only, Active Authentication, no CardAccess, no CA.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.chip.protocols import CCCD, PASSPORT, PROFILES
from enrollment.icao.errors import EncodingError
from enrollment.icao.lds.card_access import PaceInfo, encode_card_access, pace_security_infos
from enrollment.icao.lds.chip_auth_info import chip_auth_infos
from enrollment.icao.lds.dg14 import SecurityInfo
from enrollment.icao.lds.mrz import Layout
from enrollment.icao.protocol import pace
from enrollment.icao.protocol.pace_params import DOMAIN_PARAMETERS, PACE_ECDH_GM_AES_128, PACE_VERSION

DEFAULT_PARAMETER_ID = 13  # brainpoolP256r1


@dataclass(frozen=True)
class ChipProfile:
    name: str
    can: str | None = None
    ca_key: ec.EllipticCurvePrivateKey | None = None
    card_access: bytes | None = None
    dg14_infos: tuple[SecurityInfo, ...] = ()  # CA and PACE infos DG14 repeats (PA then covers them)


def default_profile(layout: Layout) -> str:
    return CCCD if layout == "TD1" else PASSPORT


def chip_profile(layout: Layout, name: str | None = None, *, can: str | None = None,
                 ca_key: ec.EllipticCurvePrivateKey | None = None,
                 parameter_id: int = DEFAULT_PARAMETER_ID) -> ChipProfile:
    """The profile's extra chip content; a CAN and a CA key are drawn when not given."""
    chosen = name or default_profile(layout)
    if chosen not in PROFILES:
        raise EncodingError(f"unknown chip profile {chosen!r} (choose from {', '.join(PROFILES)})")
    if chosen == PASSPORT:
        return ChipProfile(PASSPORT)
    if parameter_id not in DOMAIN_PARAMETERS:
        raise EncodingError(f"unsupported PACE domain parameters {parameter_id}")
    chosen_can = can if can is not None else f"{secrets.randbelow(10**6):06d}"
    pace.can_password(chosen_can)  # six digits, else PaceError
    curve = DOMAIN_PARAMETERS[parameter_id].curve
    key = ca_key or ec.generate_private_key(curve)
    offered = [PaceInfo(PACE_ECDH_GM_AES_128, PACE_VERSION, parameter_id)]
    infos = (*chip_auth_infos(key.public_key()), *pace_security_infos(offered))
    return ChipProfile(CCCD, chosen_can, key, encode_card_access(offered), infos)
