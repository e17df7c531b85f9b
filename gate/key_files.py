"""Creating secret files: keys the gate makes for itself on first start (audit signing key, capture key,
document-pseudonym key, API token key). One rule for all: directory 0700, file 0600 from the first byte,
never overwriting — when two processes race, the loser gets ``False`` and reads the winner's file."""

from __future__ import annotations

import os
from pathlib import Path


def create_secret_file(path: Path, data: bytes) -> bool:
    """Write ``data`` to a new file at ``path`` (0600, fsynced). False if the file already exists."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    return True
