"""DG14 (ICAO 9303 Part 10 §4.7.14, Part 11 §6.1 / §9.2): SecurityInfos, here ActiveAuthenticationInfo.

An ECDSA Active Authentication key requires DG14 to name the signature algorithm::

    ActiveAuthenticationInfo ::= SEQUENCE {
        protocol            OBJECT IDENTIFIER (id-icao-mrtd-security-aaProtocolObject 2.23.136.1.1.5),
        version             INTEGER (1),
        signatureAlgorithm  OBJECT IDENTIFIER }  -- ecdsa-plain-SHAx of BSI TR-03111

Other SecurityInfos are preserved here as protocol OIDs; Chip Authentication's are read by
:mod:`enrollment.icao.lds.chip_auth_info`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from asn1crypto import core

from enrollment.icao.errors import EncodingError, TlvError
from enrollment.icao.lds import registry, tlv

AA_PROTOCOL_OID = "2.23.136.1.1.5"
_ECDSA_PLAIN = "0.4.0.127.0.7.1.1.4.1."
ECDSA_PLAIN_HASHES = {_ECDSA_PLAIN + "1": "sha1", _ECDSA_PLAIN + "2": "sha224", _ECDSA_PLAIN + "3": "sha256",
                      _ECDSA_PLAIN + "4": "sha384", _ECDSA_PLAIN + "5": "sha512"}


class SecurityInfo(core.Sequence):  # type: ignore[misc]
    _fields: ClassVar = [("protocol", core.ObjectIdentifier), ("required_data", core.Any),
                         ("optional_data", core.Any, {"optional": True})]


class SecurityInfos(core.SetOf):  # type: ignore[misc]
    _child_spec = SecurityInfo


@dataclass(frozen=True)
class Dg14File:
    protocols: tuple[str, ...]
    aa_hash: str | None  # hash of the ECDSA AA signature, from ActiveAuthenticationInfo


def encode_dg14(aa_hash: str | None, extra: Sequence[SecurityInfo] = ()) -> bytes:
    """DG14 with ActiveAuthenticationInfo (when ``aa_hash`` is given) and ``extra`` SecurityInfos (CA)."""
    infos = list(extra)
    if aa_hash is not None:
        oid = next((o for o, h in ECDSA_PLAIN_HASHES.items() if h == aa_hash), None)
        if oid is None:
            raise EncodingError(f"no ecdsa-plain signature algorithm for hash {aa_hash!r}")
        infos.append(SecurityInfo({"protocol": AA_PROTOCOL_OID, "required_data": core.Integer(1),
                                   "optional_data": core.ObjectIdentifier(oid)}))
    return tlv.encode(registry.dg(14).tag, bytes(SecurityInfos(infos).dump()))


def decode_dg14(data: bytes) -> Dg14File:
    try:
        infos = SecurityInfos.load(tlv.decode_single(data, registry.dg(14).tag).value, strict=True)
        protocols, aa_hash = [], None
        for info in infos:
            protocol = info["protocol"].dotted
            protocols.append(protocol)
            if protocol == AA_PROTOCOL_OID:
                algorithm = core.ObjectIdentifier.load(info["optional_data"].dump()).dotted
                aa_hash = ECDSA_PLAIN_HASHES.get(algorithm)
                if aa_hash is None:
                    raise EncodingError(f"unsupported AA signature algorithm {algorithm}")
        return Dg14File(tuple(protocols), aa_hash)
    except EncodingError:
        raise
    except (TlvError, ValueError, TypeError, KeyError, IndexError) as exc:  # IndexError: see lds/sod.py
        raise EncodingError(f"malformed DG14: {exc}") from exc
