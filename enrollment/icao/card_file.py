"""The card file: a chip's elementary files and its secrets, as JSON.

Holds every EF by file identifier, the BAC access key (MRZ information; the chip keeps it apart from
DG1, so a forged DG1 does not change it), the Active Authentication private key (never readable through an
APDU), the set of files behind the simplified EAC and the terminal-authority public key; for PACE chips also
the CAN and the Chip Authentication private key. The file is
written with mode 0600 because it contains the chip's private key.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from enrollment.icao.errors import EncodingError

FORMAT = "egate-virtual-card/1"


@dataclass(frozen=True)
class CardImage:
    files: dict[int, bytes]
    aa_private_key_pem: bytes
    eac_protected: frozenset[int] = field(default_factory=frozenset)
    terminal_authority_pem: bytes | None = None
    access_key: str | None = None  # MRZ information for BAC, stored apart from DG1 as on a real chip
    can: str | None = None  # card access number for PACE (printed on the card)
    ca_private_key_pem: bytes | None = None  # Chip Authentication key matching DG14 (never readable)
    profile: str = "passport"  # "cccd": Vietnamese ID card behaviour (see enrollment.icao.chip.profile)


def dumps(image: CardImage) -> bytes:
    doc = {
        "format": FORMAT,
        "files": {f"{fid:04X}": base64.b64encode(data).decode() for fid, data in sorted(image.files.items())},
        "aa_private_key": image.aa_private_key_pem.decode(),
        "eac_protected": [f"{fid:04X}" for fid in sorted(image.eac_protected)],
        "terminal_authority_key": image.terminal_authority_pem.decode() if image.terminal_authority_pem else None,
        "access_key": image.access_key,
        "can": image.can,
        "ca_private_key": image.ca_private_key_pem.decode() if image.ca_private_key_pem else None,
        "profile": image.profile,
    }
    return json.dumps(doc, indent=1).encode()


def loads(raw: bytes) -> CardImage:
    try:
        doc = json.loads(raw)
        if doc.get("format") != FORMAT:
            raise EncodingError(f"not a card file of format {FORMAT}")
        files = {int(fid, 16): base64.b64decode(data, validate=True) for fid, data in doc["files"].items()}
        terminal, ca_key = doc.get("terminal_authority_key"), doc.get("ca_private_key")
        return CardImage(files, doc["aa_private_key"].encode(),
                         frozenset(int(fid, 16) for fid in doc.get("eac_protected", [])),
                         terminal.encode() if terminal else None, doc.get("access_key"), doc.get("can"),
                         ca_key.encode() if ca_key else None, str(doc.get("profile", "passport")))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise EncodingError(f"malformed card file: {exc}") from exc


def save_card(image: CardImage, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(fd, 0o600)  # the card holds the chip's private key, even when it overwrites a 0644 file
    with os.fdopen(fd, "wb") as handle:
        handle.write(dumps(image))


def load_card(path: Path) -> CardImage:
    return loads(path.read_bytes())
