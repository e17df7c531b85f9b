"""The key policy: allowed EC curves and bounded RSA, applied to DG15 (AA) keys and card files."""

from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import ec, rsa

from enrollment.icao import params
from enrollment.icao.errors import UnsupportedKeyError
from enrollment.icao.key_policy import check_public_key
from enrollment.icao.lds.dg15 import decode_dg15, encode_dg15
from enrollment.icao.protocol import active_auth

ALLOWED = [ec.SECP256R1(), ec.SECP384R1(), ec.SECP521R1(), ec.BrainpoolP256R1(), ec.BrainpoolP384R1(),
           ec.BrainpoolP512R1()]


@pytest.mark.parametrize("curve", ALLOWED, ids=lambda c: c.name)
def test_allowed_curves_decode_and_verify(curve: ec.EllipticCurve) -> None:
    key = ec.generate_private_key(curve)
    public = decode_dg15(encode_dg15(key.public_key()))
    assert isinstance(public, ec.EllipticCurvePublicKey) and public.curve.name == curve.name
    challenge = b"\x01" * 8
    active_auth.verify(public, challenge, active_auth.sign(key, challenge))


@pytest.mark.parametrize("curve", [ec.SECP192R1(), ec.SECP224R1(), ec.SECP256K1()], ids=lambda c: c.name)
def test_other_curves_are_refused(curve: ec.EllipticCurve) -> None:
    with pytest.raises(UnsupportedKeyError, match="not allowed"):
        decode_dg15(encode_dg15(ec.generate_private_key(curve).public_key()))


def test_rsa_within_bounds_is_accepted() -> None:
    normal = rsa.generate_private_key(65537, 2048).public_key()
    assert check_public_key(normal) is normal
    assert decode_dg15(encode_dg15(normal)).public_numbers() == normal.public_numbers()


@pytest.mark.parametrize(("numbers", "message"), [
    (rsa.RSAPublicNumbers(65537, (1 << params.MAX_RSA_BITS) + 1), "RSA key of 4097 bits"),
    (rsa.RSAPublicNumbers(65537, (1 << (params.MIN_RSA_BITS - 2)) + 1), "RSA key of 1023 bits"),
    (rsa.RSAPublicNumbers((1 << 32) + 1, (1 << 2047) + 1), "exponent of 33 bits"),
], ids=["too-large", "too-small", "large-exponent"])
def test_rsa_outside_bounds_is_refused(numbers: rsa.RSAPublicNumbers, message: str) -> None:
    with pytest.raises(UnsupportedKeyError, match=message):
        decode_dg15(encode_dg15(numbers.public_key()))


def test_a_non_key_is_refused() -> None:
    with pytest.raises(UnsupportedKeyError, match="unsupported key type"):
        check_public_key(b"not a key")
