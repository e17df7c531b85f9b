"""Chip Authentication v1 with ECDH and AES-128 (ICAO 9303 Part 11 §6.2): the pure steps.

The terminal sends an ephemeral public key on the curve of the chip's static DG14 key; both compute
``K = x(SK · PK)`` and restart secure messaging with ``KS_enc = KDF(K,1)``, ``KS_mac = KDF(K,2)``, SSC 0.
The chip proves nothing explicitly: it simply cannot answer under the new keys without its private key.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from enrollment.icao.errors import ChipAuthenticationError
from enrollment.icao.protocol import ec_points, pace
from enrollment.icao.protocol.pace import SessionKeys
from enrollment.icao.protocol.pace_params import parameters_for_curve


@dataclass(frozen=True)
class TerminalKey:
    public: bytes  # uncompressed point sent to the chip in DO'80'
    keys: SessionKeys


def _uncompressed(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


def terminal_agree(chip_key: ec.EllipticCurvePublicKey, rng: Callable[[int], bytes]) -> TerminalKey:
    """The terminal's ephemeral key on the chip key's curve and the session keys that will follow."""
    params = parameters_for_curve(chip_key.curve)
    if params is None:
        raise ChipAuthenticationError(f"unsupported Chip Authentication curve {chip_key.curve.name}")
    private = ec.derive_private_key(ec_points.random_scalar(params, rng), params.curve)
    shared = private.exchange(ec.ECDH(), chip_key)
    return TerminalKey(_uncompressed(private.public_key()), pace.session_keys(shared))


def chip_agree(chip_key: ec.EllipticCurvePrivateKey, terminal_public: bytes) -> SessionKeys:
    """The chip's side: session keys from its static private key and the terminal's ephemeral key."""
    params = parameters_for_curve(chip_key.curve)
    if params is None:
        raise ChipAuthenticationError(f"unsupported Chip Authentication curve {chip_key.curve.name}")
    try:
        peer = ec.EllipticCurvePublicKey.from_encoded_point(params.curve, terminal_public)
        return pace.session_keys(chip_key.exchange(ec.ECDH(), peer))
    except ValueError as exc:
        raise ChipAuthenticationError(f"terminal's ephemeral key refused: {exc}") from exc
