from __future__ import annotations

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from enrollment.icao.errors import AuthenticationError
from enrollment.icao.pki.keys import Algorithm, generate_key
from enrollment.icao.protocol import active_auth

CHALLENGE = bytes.fromhex("0102030405060708")


@pytest.mark.parametrize("algorithm", ["ecdsa-p256", "rsa-2048"])
def test_signature_verifies_only_for_its_challenge_and_key(algorithm: Algorithm) -> None:
    key = generate_key(algorithm)
    signature = active_auth.sign(key, CHALLENGE)
    active_auth.verify(key.public_key(), CHALLENGE, signature)
    with pytest.raises(AuthenticationError):
        active_auth.verify(key.public_key(), CHALLENGE[::-1], signature)
    with pytest.raises(AuthenticationError):
        active_auth.verify(generate_key(algorithm).public_key(), CHALLENGE, signature)


def test_ecdsa_uses_the_plain_r_s_format() -> None:
    signature = active_auth.sign(generate_key("ecdsa-p256"), CHALLENGE)
    assert len(signature) == 64
    with pytest.raises(AuthenticationError, match="64"):
        active_auth.verify(generate_key("ecdsa-p256").public_key(), CHALLENGE, signature[:-1])


def test_rsa_representative_is_iso9796_2_scheme_1() -> None:
    key = generate_key("rsa-2048")
    assert isinstance(key, rsa.RSAPrivateKey)
    signature = active_auth.sign(key, CHALLENGE)
    numbers = key.public_key().public_numbers()
    representative = pow(int.from_bytes(signature, "big"), numbers.e, numbers.n).to_bytes(256, "big")
    assert representative[0] == 0x6A and representative[-2:] == b"\x34\xcc"
    with pytest.raises(AuthenticationError, match="size"):
        active_auth.verify(key.public_key(), CHALLENGE, signature[1:])


def test_ecdsa_hash_named_by_dg14_is_enforced() -> None:
    key = generate_key("ecdsa-p256")
    signature = active_auth.sign(key, CHALLENGE)
    active_auth.verify(key.public_key(), CHALLENGE, signature, "sha256")
    with pytest.raises(AuthenticationError):
        active_auth.verify(key.public_key(), CHALLENGE, signature, "sha384")
