"""The gate's Ed25519 signing key: created once with mode 0600, loaded on start, never committed.

The key file is PKCS#8 PEM (unencrypted: the gate must start unattended; protect it with file
permissions and disk encryption). A key is named by its *key id*, the first 16 hex digits of the SHA-256
of the raw public key, which every record and checkpoint carries so that keys can be rotated.
"""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from gate.audit.errors import AuditKeyError
from gate.key_files import create_secret_file

__all__ = [
    "key_id",
    "load_or_create_signing_key",
    "load_public_key",
    "load_signing_key",
    "public_key_pem",
    "write_public_key",
]


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:16]


def load_signing_key(path: Path) -> Ed25519PrivateKey:
    """Load the private key; refuse a file that group or others may read."""
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            raise AuditKeyError(f"gate key {path} is accessible by group/others (mode {oct(mode & 0o777)})")
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise AuditKeyError(f"cannot read gate key {path}: {exc.strerror}") from exc
    except ValueError as exc:
        raise AuditKeyError(f"gate key {path} is not a PEM private key") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise AuditKeyError(f"gate key {path} is not an Ed25519 key")
    return key


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    """Load the key at ``path``, creating it (mode 0600, parent 0700) when absent."""
    if path.exists():
        return load_signing_key(path)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    if not create_secret_file(path, pem):  # another process created it first: use theirs
        return load_signing_key(path)
    return key


def public_key_pem(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def write_public_key(key: Ed25519PrivateKey | Ed25519PublicKey, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(public_key_pem(key))


def load_public_key(source: Path | bytes) -> Ed25519PublicKey:
    """A public key from a PEM file or PEM bytes."""
    try:
        data = source.read_bytes() if isinstance(source, Path) else source
        key = serialization.load_pem_public_key(data)
    except OSError as exc:
        raise AuditKeyError(f"cannot read public key {source!s}: {exc.strerror}") from exc
    except ValueError as exc:
        raise AuditKeyError("not a PEM public key") from exc
    if not isinstance(key, Ed25519PublicKey):
        raise AuditKeyError("public key is not Ed25519")
    return key
