"""Chip Authentication SecurityInfos in DG14 (ICAO 9303 Part 11 §6.2, §9.2.5, §9.2.6)::

    ChipAuthenticationInfo ::= SEQUENCE {
        protocol  OBJECT IDENTIFIER (id-CA-ECDH-AES-CBC-CMAC-128 …),
        version   INTEGER (1),
        keyId     INTEGER OPTIONAL }
    ChipAuthenticationPublicKeyInfo ::= SEQUENCE {
        protocol                    OBJECT IDENTIFIER (id-PK-ECDH),
        chipAuthenticationPublicKey SubjectPublicKeyInfo,
        keyId                       INTEGER OPTIONAL }

The chip's static key comes from DG14, which Passive Authentication covers: a chip that completes CA with
it holds the private key signed for, so it is not a copy. Decoding raises :class:`EncodingError` only.
"""

from __future__ import annotations

from dataclasses import dataclass

from asn1crypto import core
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv
from enrollment.icao.lds.dg14 import SecurityInfo, SecurityInfos
from enrollment.icao.protocol.pace_params import CA_ECDH_AES_128, CA_VERSION, ID_CA, ID_PK_ECDH, parameters_for_curve


@dataclass(frozen=True)
class ChipAuthOffer:
    """One CA protocol of DG14 with the public key it names (matched by keyId when there are several)."""

    protocol: str
    version: int
    key_id: int | None
    public_key: ec.EllipticCurvePublicKey | None  # None: no key, or not an EC key on a supported curve

    @property
    def supported(self) -> bool:
        return self.protocol == CA_ECDH_AES_128 and self.version == CA_VERSION and self.public_key is not None


def chip_auth_infos(public_key: ec.EllipticCurvePublicKey, key_id: int | None = None) -> list[SecurityInfo]:
    """The two SecurityInfos a chip with one CA key (ECDH, AES-128) puts into DG14."""
    spki = core.Any.load(public_key.public_bytes(serialization.Encoding.DER,
                                                 serialization.PublicFormat.SubjectPublicKeyInfo))
    info: dict[str, object] = {"protocol": CA_ECDH_AES_128, "required_data": core.Integer(CA_VERSION)}
    key: dict[str, object] = {"protocol": ID_PK_ECDH, "required_data": spki}
    if key_id is not None:
        info["optional_data"] = key["optional_data"] = core.Integer(key_id)
    return [SecurityInfo(info), SecurityInfo(key)]


def _optional_int(value: core.Asn1Value) -> int | None:
    if isinstance(value, core.Void):
        return None
    number = core.Integer.load(value.dump(), strict=True).native
    if not isinstance(number, int) or not 0 <= number < 1 << 32:
        raise EncodingError(f"DG14 integer {number!r} out of range")
    return number


def _ec_key(spki: bytes) -> ec.EllipticCurvePublicKey | None:
    try:
        key = serialization.load_der_public_key(spki)
    except (ValueError, TypeError):  # explicit domain parameters, unknown curves, other key types
        return None
    if not isinstance(key, ec.EllipticCurvePublicKey) or parameters_for_curve(key.curve) is None:
        return None
    return key


def decode_chip_auth(dg14: bytes) -> tuple[ChipAuthOffer, ...]:
    """Every ChipAuthenticationInfo in DG14, each with its ChipAuthenticationPublicKeyInfo's key."""
    try:
        infos = SecurityInfos.load(tlv.decode_single(dg14, registry.dg(14).tag).value, strict=True)
        keys: dict[int | None, ec.EllipticCurvePublicKey | None] = {}
        found: list[tuple[str, int, int | None]] = []
        for info in infos:
            protocol = info["protocol"].dotted
            if protocol == ID_PK_ECDH:
                keys[_optional_int(info["optional_data"])] = _ec_key(info["required_data"].dump())
            elif protocol.startswith(ID_CA + ".") and len(protocol.split(".")) == len(ID_CA.split(".")) + 2:
                version = _optional_int(info["required_data"])
                found.append((protocol, version or 0, _optional_int(info["optional_data"])))
        single = next(iter(keys.values())) if len(keys) == 1 else None
        return tuple(ChipAuthOffer(p, v, k, keys.get(k, single if k is None else None)) for p, v, k in found)
    except EncodingError:
        raise
    except (TlvError, ValueError, TypeError, KeyError, OverflowError) as exc:
        raise EncodingError(f"malformed DG14: {exc}") from exc
