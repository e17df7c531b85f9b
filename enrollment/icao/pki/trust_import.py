"""Importing a verified master list into a trust-store directory (see :mod:`enrollment.icao.pki.trust_store`).

Each listed certificate becomes ``ml-<first 16 hex digits of its SHA-256 fingerprint>.pem``; a certificate
already present in the directory (same fingerprint, whatever its file name) is skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization

from enrollment.icao.pki.master_list import MasterList, verify_master_list
from enrollment.icao.pki.trust_store import load_trust_store


@dataclass(frozen=True)
class ImportResult:
    master_list: MasterList
    written: tuple[Path, ...]
    already_present: int


def import_master_list(data: bytes, directory: Path, at: datetime) -> ImportResult:
    """Verify ``data`` against the CSCAs already in ``directory``, then add the certificates it lists."""
    store = load_trust_store(directory)
    master_list = verify_master_list(data, store.cscas, at)
    present = {c.fingerprint(hashes.SHA256()) for c in store.cscas}
    written: list[Path] = []
    for cert in master_list.certificates:
        fingerprint = cert.fingerprint(hashes.SHA256())
        if fingerprint in present:
            continue
        path = directory / f"ml-{fingerprint.hex()[:16]}.pem"
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        present.add(fingerprint)
        written.append(path)
    return ImportResult(master_list, tuple(written), len(master_list.certificates) - len(written))
