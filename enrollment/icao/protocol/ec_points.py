"""Elliptic-curve points for PACE Generic Mapping: encoding, validation, the mapped generator.

Generic Mapping needs the full point ``H = SK_map · PK_map`` and the sum ``G' = s·G + H``, and ephemeral
keys on the generator ``G'``; ``cryptography`` offers neither point addition nor another generator, so
that arithmetic is python-ecdsa's (``ecdsa.ellipticcurve``, a maintained pure-Python library), which does
its big-integer arithmetic in gmpy2 (a dependency) when that is installed: PACE then takes half the time.
Key agreement on a point (``x(SK · P)``) stays with ``cryptography``'s ECDH. Points travel uncompressed
(``04 ‖ x ‖ y``); a received point is checked to lie on the curve and not to be the point at infinity.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from ecdsa.curves import curve_by_name
from ecdsa.ellipticcurve import PointJacobi

from enrollment.icao.errors import EncodingError
from enrollment.icao.protocol.pace_params import DomainParameters


@dataclass(frozen=True)
class Point:
    """An affine point (the arithmetic converts to python-ecdsa's Jacobian points and back)."""

    x: int
    y: int


def _curve(params: DomainParameters) -> Any:
    return curve_by_name(params.ecdsa_name)


def _jacobi(params: DomainParameters, point: Point) -> Any:
    curve = _curve(params)
    return PointJacobi(curve.curve, point.x, point.y, 1, curve.order)


def _affine(result: Any, what: str) -> Point:
    if not result:  # the point at infinity is falsy in python-ecdsa
        raise EncodingError(f"{what} gave the point at infinity")
    affine = result.to_affine()
    return Point(int(affine.x()), int(affine.y()))


def order(params: DomainParameters) -> int:
    return int(_curve(params).order)


def generator(params: DomainParameters) -> Point:
    return _affine(_curve(params).generator, "the generator")


def encode_point(params: DomainParameters, point: Point) -> bytes:
    size = params.coordinate_length
    return b"\x04" + point.x.to_bytes(size, "big") + point.y.to_bytes(size, "big")


def decode_point(params: DomainParameters, data: bytes) -> Point:
    """An uncompressed point on the curve of ``params``; anything else raises :class:`EncodingError`."""
    size = params.coordinate_length
    if len(data) != 1 + 2 * size or data[0] != 0x04:
        raise EncodingError(f"EC point of {len(data)} bytes is not an uncompressed {params.name} point")
    x, y = int.from_bytes(data[1 : 1 + size], "big"), int.from_bytes(data[1 + size :], "big")
    if not _curve(params).curve.contains_point(x, y):
        raise EncodingError(f"point is not on {params.name}")
    return Point(x, y)


def multiply(params: DomainParameters, point: Point, scalar: int) -> Point:
    return _affine(_jacobi(params, point) * scalar, "scalar multiplication")


def random_scalar(params: DomainParameters, rng: Callable[[int], bytes]) -> int:
    """A private key in [1, n-1] from ``rng`` (8 extra bytes make the modulo bias negligible)."""
    n = order(params)
    return int.from_bytes(rng(params.coordinate_length + 8), "big") % (n - 1) + 1


def map_generator(params: DomainParameters, nonce: bytes, sk_map: int, pk_map_other: Point) -> Point:
    """Generic Mapping (Part 11 §4.4.3.3.1): ``G' = s·G + H`` with ``H = SK_map · PK_map`` of the other side."""
    h = _jacobi(params, multiply(params, pk_map_other, sk_map))
    return _affine(_curve(params).generator * int.from_bytes(nonce, "big") + h, "Generic Mapping")


def base_multiply(params: DomainParameters, scalar: int) -> Point:
    """``scalar · G``: OpenSSL where it is optimised, else python-ecdsa's precomputed generator table."""
    if not params.openssl_fast:
        return _affine(_curve(params).generator * scalar, "scalar multiplication")
    numbers = ec.derive_private_key(scalar, params.curve).public_key().public_numbers()
    return Point(numbers.x, numbers.y)


def mapped_multiply(params: DomainParameters, nonce: bytes, sk_map: int, pk_map_other: Point, scalar: int) -> Point:
    """``scalar · G'`` without forming ``G'``: ``(scalar·s)·G + (scalar·SK_map)·PK_map`` — one generic
    multiplication instead of two (same point as :func:`multiply` of :func:`map_generator`'s result)."""
    n = order(params)
    s = int.from_bytes(nonce, "big") % n
    if not 0 < scalar < n or not s:
        raise EncodingError("scalar or nonce out of range for the mapped generator")
    other = _jacobi(params, pk_map_other) * (scalar * sk_map % n)
    return _affine(_jacobi(params, base_multiply(params, scalar * s % n)) + other, "Generic Mapping")


def shared_x(params: DomainParameters, private: int, peer: bytes) -> bytes:
    """ECDH: the x-coordinate of ``private · peer`` (peer as uncompressed bytes), with ``cryptography`` where
    OpenSSL is optimised for the curve, else with python-ecdsa (whose result ECDH tests pin as equal)."""
    if not params.openssl_fast:
        point = multiply(params, decode_point(params, peer), private)
        return point.x.to_bytes(params.coordinate_length, "big")
    try:
        public = ec.EllipticCurvePublicKey.from_encoded_point(params.curve, peer)
        key = ec.derive_private_key(private, params.curve)
        return key.exchange(ec.ECDH(), public)
    except ValueError as exc:
        raise EncodingError(f"ECDH on {params.name} failed: {exc}") from exc
