"""Document numbers as keyed pseudonyms: HMAC-SHA256 under a secret shared by the fleet.

The same document gives the same pseudonym on every gate that holds the key (so "this document is
already inside an open transaction" and stop-list look-ups work across gates), while the audit and
the database never hold the number itself. Without the key, the small space of document numbers
cannot be searched by brute force, which a plain hash would allow.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from gate.key_files import create_secret_file

MIN_KEY_BYTES = 32
KEY_ENV = "EGATE_PSEUDONYM_KEY"


def document_pseudonym(key: bytes, document_number: str, issuing_state: str = "") -> str:
    """Hex HMAC-SHA256 of ``ISSUER|NUMBER`` (upper case, MRZ fillers and spaces removed)."""
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"pseudonym key must be at least {MIN_KEY_BYTES} bytes")
    number = document_number.replace("<", "").replace(" ", "").upper()
    state = issuing_state.replace("<", "").strip().upper()
    if not number:
        raise ValueError("empty document number")
    message = f"egate-document-v1|{state}|{number}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def load_or_create_pseudonym_key(path: Path, environ: Mapping[str, str] | None = None) -> bytes:
    """The key from ``EGATE_PSEUDONYM_KEY`` (base64) if set, else from ``path``, created (0600) if absent.

    A fleet must share one key (distribute the file or the variable); a gate that creates its own
    produces pseudonyms that other gates cannot match.
    """
    env = os.environ if environ is None else environ
    if env.get(KEY_ENV):
        key = base64.b64decode(env[KEY_ENV], validate=True)
    elif path.exists():
        key = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    else:
        key = secrets.token_bytes(MIN_KEY_BYTES)
        if not create_secret_file(path, base64.b64encode(key) + b"\n"):  # another process was first
            key = base64.b64decode(path.read_text(encoding="ascii").strip(), validate=True)
    if len(key) < MIN_KEY_BYTES:
        raise ValueError(f"pseudonym key must be at least {MIN_KEY_BYTES} bytes")
    return key
