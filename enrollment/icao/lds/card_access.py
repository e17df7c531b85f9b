"""EF.CardAccess (ICAO 9303 Part 10 §3.11.2, Part 11 §9.2.1): the SecurityInfos that offer PACE.

A DER ``SET OF SecurityInfo`` in the master file (FID 011C, SFI 1C), readable without access control::

    PACEInfo ::= SEQUENCE {
        protocol     OBJECT IDENTIFIER (id-PACE-…, e.g. id-PACE-ECDH-GM-AES-CBC-CMAC-128),
        version      INTEGER (2),
        parameterId  INTEGER OPTIONAL }  -- standardized domain parameters, Part 11 §9.5.1

Other SecurityInfos (PACEDomainParameterInfo, Chip Authentication…) are kept as protocol OIDs.
Decoding raises :class:`EncodingError` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asn1crypto import core

from enrollment.icao.errors import EncodingError
from enrollment.icao.lds.dg14 import SecurityInfo, SecurityInfos
from enrollment.icao.protocol.pace_params import DOMAIN_PARAMETERS, ID_PACE, PACE_ECDH_GM_AES_128, PACE_VERSION

_PACE_INFO_ARCS = len(ID_PACE.split(".")) + 2


@dataclass(frozen=True)
class PaceInfo:
    protocol: str
    version: int = PACE_VERSION
    parameter_id: int | None = None

    @property
    def supported(self) -> bool:
        """Whether this reader and chip implement it: ECDH-GM with AES-128 on P-256 or brainpoolP256r1."""
        return (self.protocol == PACE_ECDH_GM_AES_128 and self.version == PACE_VERSION
                and self.parameter_id in DOMAIN_PARAMETERS)


@dataclass(frozen=True)
class CardAccess:
    pace: tuple[PaceInfo, ...]
    protocols: tuple[str, ...]

    def preferred(self) -> PaceInfo | None:
        """The first supported PACEInfo in the chip's order, None when PACE is not offered in a usable form."""
        return next((info for info in self.pace if info.supported), None)


def pace_security_infos(infos: Sequence[PaceInfo]) -> list[SecurityInfo]:
    """PACEInfos as SecurityInfos, for EF.CardAccess and (so that PA covers them) for DG14."""
    items = []
    for info in infos:
        fields: dict[str, object] = {"protocol": info.protocol, "required_data": core.Integer(info.version)}
        if info.parameter_id is not None:
            fields["optional_data"] = core.Integer(info.parameter_id)
        items.append(SecurityInfo(fields))
    return items


def encode_card_access(infos: Sequence[PaceInfo]) -> bytes:
    return bytes(SecurityInfos(pace_security_infos(infos)).dump())


def _integer(value: core.Asn1Value) -> int:
    number = core.Integer.load(value.dump(), strict=True).native
    if not isinstance(number, int) or not 0 <= number < 1 << 32:
        raise EncodingError(f"PACEInfo integer {number!r} out of range")
    return number


def _pace_info(info: SecurityInfo, protocol: str) -> PaceInfo:
    optional = info["optional_data"]
    parameter = None if isinstance(optional, core.Void) else _integer(optional)
    return PaceInfo(protocol, _integer(info["required_data"]), parameter)


def decode_card_access(data: bytes) -> CardAccess:
    try:
        infos = SecurityInfos.load(data, strict=True)
        protocols, pace = [], []
        for info in infos:
            protocol = info["protocol"].dotted
            protocols.append(protocol)
            if protocol.startswith(ID_PACE + ".") and len(protocol.split(".")) == _PACE_INFO_ARCS:
                pace.append(_pace_info(info, protocol))
        return CardAccess(tuple(pace), tuple(protocols))
    except EncodingError:
        raise
    except (ValueError, TypeError, KeyError, OverflowError) as exc:
        raise EncodingError(f"malformed EF.CardAccess: {exc}") from exc
