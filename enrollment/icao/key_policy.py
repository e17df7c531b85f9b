"""Which public keys the ICAO code accepts from chip data: allowed EC curves, bounded RSA.

:func:`check_public_key` is applied where a key comes from outside (DG15, the AA key of a card file);
anything else raises :class:`UnsupportedKeyError`, a typed error, never ``UnsupportedAlgorithm``.
"""

from __future__ import annotations

from cryptography.hazmat.primitives.asymmetric import ec, rsa

from enrollment.icao import params
from enrollment.icao.errors import UnsupportedKeyError

AcceptedPublicKey = ec.EllipticCurvePublicKey | rsa.RSAPublicKey


def check_public_key(key: object) -> AcceptedPublicKey:
    """Return ``key`` when it is an EC key on an allowed curve or an RSA key within the size bounds."""
    if isinstance(key, ec.EllipticCurvePublicKey):
        if key.curve.name not in params.ALLOWED_CURVES:
            raise UnsupportedKeyError(f"EC curve {key.curve.name} is not allowed "
                                      f"(allowed: {', '.join(sorted(params.ALLOWED_CURVES))})")
        return key
    if isinstance(key, rsa.RSAPublicKey):
        # a hostile chip could stall the gate with a huge modulus or exponent (seconds per verification)
        exponent = key.public_numbers().e
        if not params.MIN_RSA_BITS <= key.key_size <= params.MAX_RSA_BITS:
            raise UnsupportedKeyError(f"RSA key of {key.key_size} bits refused "
                                      f"({params.MIN_RSA_BITS} to {params.MAX_RSA_BITS} bits allowed)")
        if exponent.bit_length() > params.MAX_RSA_EXPONENT_BITS:
            raise UnsupportedKeyError(f"RSA exponent of {exponent.bit_length()} bits refused "
                                      f"(at most {params.MAX_RSA_EXPONENT_BITS})")
        return key
    raise UnsupportedKeyError(f"unsupported key type {type(key).__name__}")
