"""CMS signature creation and verification for EF.SOD (ECDSA with DER signatures, RSA PKCS#1 v1.5 / PSS)."""

from __future__ import annotations

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from enrollment.icao.errors import PkiError
from enrollment.icao.pki.keys import PrivateKey, PublicKey

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}


def hash_algorithm(name: str) -> hashes.HashAlgorithm:
    try:
        return _HASHES[name]()
    except KeyError:
        raise PkiError(f"unsupported hash algorithm {name!r}") from None


def digest(name: str, data: bytes) -> bytes:
    h = hashes.Hash(hash_algorithm(name))
    h.update(data)
    return h.finalize()


def cms_signature_algorithm(key: PrivateKey, hash_name: str) -> str:
    """asn1crypto name of the SignerInfo signature algorithm for ``key``."""
    return f"{hash_name}_ecdsa" if isinstance(key, ec.EllipticCurvePrivateKey) else f"{hash_name}_rsa"


def sign(key: PrivateKey, data: bytes, hash_name: str) -> bytes:
    algorithm = hash_algorithm(hash_name)
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return key.sign(data, ec.ECDSA(algorithm))
    return key.sign(data, padding.PKCS1v15(), algorithm)


def verify(key: PublicKey, signature: bytes, data: bytes, hash_name: str, algorithm_name: str) -> bool:
    """True when ``signature`` over ``data`` verifies; an algorithm that does not fit the key is False."""
    algorithm = hash_algorithm(hash_name)
    try:
        if isinstance(key, ec.EllipticCurvePublicKey):
            if "ecdsa" not in algorithm_name:
                return False
            key.verify(signature, data, ec.ECDSA(algorithm))
        elif isinstance(key, rsa.RSAPublicKey):
            if algorithm_name == "rsassa_pss":
                pss = padding.PSS(mgf=padding.MGF1(algorithm), salt_length=padding.PSS.AUTO)
                key.verify(signature, data, pss, algorithm)
            elif algorithm_name.endswith("rsa") or algorithm_name == "rsassa_pkcs1v15":
                key.verify(signature, data, padding.PKCS1v15(), algorithm)
            else:
                return False
        else:  # pragma: no cover - PublicKey union is exhaustive
            return False
    except InvalidSignature:
        return False
    return True
