from __future__ import annotations

import stat
from pathlib import Path

from gate.key_files import create_secret_file


def test_secret_files_are_private_and_never_overwritten(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "k.key"
    assert create_secret_file(path, b"first")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not create_secret_file(path, b"second")  # the loser of a race reads the winner's key
    assert path.read_bytes() == b"first"
