"""Constants of PACE and Chip Authentication (ICAO 9303 Part 11 §4.4, §6.2, §9.2; BSI TR-03110-3 A.1).

Supported: ECDH Generic Mapping and Chip Authentication with AES-128 secure messaging, on the standardized
domain parameters 12 (NIST P-256) and 13 (brainpoolP256r1). Other PACEInfos are parsed but skipped.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric import ec

BSI_DE = "0.4.0.127.0.7"
ID_PACE = f"{BSI_DE}.2.2.4"
PACE_ECDH_GM_AES_128 = f"{ID_PACE}.2.2"  # id-PACE-ECDH-GM-AES-CBC-CMAC-128
ID_CA = f"{BSI_DE}.2.2.3"
CA_ECDH_AES_128 = f"{ID_CA}.2.2"  # id-CA-ECDH-AES-CBC-CMAC-128
ID_PK_ECDH = f"{BSI_DE}.2.2.1.2"  # id-PK-ECDH: ChipAuthenticationPublicKeyInfo with an EC key

PACE_VERSION = 2
CA_VERSION = 1
KEY_LENGTH = 16  # AES-128 session keys
NONCE_LENGTH = 16  # one AES block
TOKEN_LENGTH = 8  # authentication tokens and secure-messaging MACs are CMACs truncated to 8 bytes

# KDF counters, Part 11 §9.7.1
ENC_COUNTER = 1
MAC_COUNTER = 2
PASSWORD_COUNTER = 3

# Password references of MSE:Set AT (Part 11 §4.4.4.1, tag 83)
PASSWORD_MRZ = 1
PASSWORD_CAN = 2
CAN_LENGTH = 6

# Data objects of the General Authenticate exchange (Part 11 §4.4.4.2)
DYNAMIC_AUTH = 0x7C
PUBLIC_KEY_OBJECT = 0x7F49
PUBLIC_POINT = 0x86
OID_TAG = 0x06
MSE_SET_AT_PACE = (0xC1, 0xA4)  # P1 P2 of MSE:Set AT for PACE (mutual authentication)
MSE_SET_AT_CA = (0x41, 0xA4)  # P1 P2 of MSE:Set AT for Chip Authentication (internal authentication)


@dataclass(frozen=True)
class DomainParameters:
    parameter_id: int
    name: str
    curve: ec.EllipticCurve
    ecdsa_name: str  # the curve's name in python-ecdsa, which does the point arithmetic of the mapping
    openssl_fast: bool  # OpenSSL has an optimised implementation (P-256); brainpool is faster in python-ecdsa

    @property
    def coordinate_length(self) -> int:
        return (self.curve.key_size + 7) // 8


DOMAIN_PARAMETERS: dict[int, DomainParameters] = {
    12: DomainParameters(12, "NIST P-256", ec.SECP256R1(), "NIST256p", True),
    13: DomainParameters(13, "brainpoolP256r1", ec.BrainpoolP256R1(), "BRAINPOOLP256r1", False),
}
CURVE_PARAMETERS = {type(p.curve): p for p in DOMAIN_PARAMETERS.values()}


def parameters_for_curve(curve: ec.EllipticCurve) -> DomainParameters | None:
    return CURVE_PARAMETERS.get(type(curve))
